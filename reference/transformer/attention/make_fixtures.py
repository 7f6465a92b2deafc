"""Fixtures for the attention methods: torch.nn.functional.scaled_dot_product_attention with
key padding + causal masking, and with an additive float bias; outputs and the gradients of
sum(out · cotangent) for q, k and v.

Run: /tmp/venv/bin/python reference/transformer/attention/make_fixtures.py
"""
import pathlib
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from fixture_writer import save_fixture, seeded  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "attention"


def case(name, batch, heads, length, dim, key_is_token, causal, with_bias):
    g = seeded(name)
    q = torch.randn(batch, heads, length, dim, generator=g, requires_grad=True)
    k = torch.randn(batch, heads, length, dim, generator=g, requires_grad=True)
    v = torch.randn(batch, heads, length, dim, generator=g, requires_grad=True)
    cot = torch.randn(batch, heads, length, dim, generator=g)
    allowed = key_is_token[:, None, None, :].expand(batch, 1, length, length).clone()
    if causal:
        allowed &= torch.ones(length, length, dtype=torch.bool).tril()
    tensors = {"query": q, "key": k, "value": v, "cotangent": cot,
               "keyIsToken": key_is_token.float()}
    attn_mask = allowed
    if with_bias:
        bias = torch.randn(1, heads, length, length, generator=g)
        tensors["bias"] = bias
        attn_mask = bias.masked_fill(~allowed, float("-inf"))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
    (out * cot).sum().backward()
    tensors.update(output=out, queryGradient=q.grad, keyGradient=k.grad, valueGradient=v.grad)
    save_fixture(OUT / f"{name}.safetensors", tensors,
                 {"causal": causal, "source": "torch.nn.functional.scaled_dot_product_attention"})


token = torch.tensor([[True] * 9, [True] * 6 + [False] * 3])
case("sdpa_padding_causal", 2, 3, 9, 8, token, causal=True, with_bias=False)
case("sdpa_padding_bias", 2, 3, 9, 8, token, causal=False, with_bias=True)

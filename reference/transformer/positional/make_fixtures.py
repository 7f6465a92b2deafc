"""PyTorch fixtures for the positional strategies (Tests/SmithyTransformerTests/Positional/).

Run from the repository root: /tmp/venv/bin/python reference/transformer/positional/make_fixtures.py
Writes reference/transformer/fixtures/positional/*.safetensors.

References: the original's sinusoidal formula; rotary-embedding-torch's interleaved formula
(re-implemented here, it is not installed); transformers' LLaMA `apply_rotary_pos_emb`/`rotate_half`;
the ALiBi paper's `get_slopes`; transformers' `T5Attention._relative_position_bucket`; Shaw et al.'s
key term written directly.
"""
import math
import pathlib
import sys

import torch
from transformers.models.llama.modeling_llama import apply_rotary_pos_emb
from transformers.models.t5.modeling_t5 import T5Attention

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from fixture_writer import save_fixture, seeded  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "positional"


def randn(gen, *shape, requires_grad=False):
    return torch.randn(*shape, generator=gen).requires_grad_(requires_grad)


# --- sinusoidal: the original's formula --------------------------------------------------------
def sinusoidal_table(positions, dim):
    """positions [..., L] float -> [..., L, dim]: sin at even, cos at odd indices, pos/10000^(2i/D)."""
    div = torch.exp(torch.arange(0, dim, 2).float() * (-math.log(10000.0) / dim))
    angles = positions.unsqueeze(-1).float() * div
    table = torch.zeros(*positions.shape, dim)
    table[..., 0::2] = torch.sin(angles)
    table[..., 1::2] = torch.cos(angles)
    return table


def sinusoidal():
    custom = torch.tensor([[0.5, 3.0, 17.25], [100.0, -2.0, 7.0]])
    save_fixture(OUT / "sinusoidal.safetensors", {
        "table": sinusoidal_table(torch.arange(6), 10),
        "custom_values": custom,
        "custom_table": sinusoidal_table(custom, 10),
    }, {"length": 6, "dimension": 10})


# --- learned ------------------------------------------------------------------------------------
def learned():
    gen = seeded("learned")
    weight = randn(gen, 8, 6, requires_grad=True)
    out = weight[torch.arange(5)].unsqueeze(0)
    cot = randn(gen, *out.shape)
    (out * cot).sum().backward()
    custom = torch.tensor([[0.4, 2.6, 7.0], [1.0, 1.2, 3.49]])
    weight_custom = weight.detach().clone().requires_grad_(True)
    out_custom = weight_custom[custom.round().long()]
    cot_custom = randn(gen, *out_custom.shape)
    (out_custom * cot_custom).sum().backward()
    save_fixture(OUT / "learned.safetensors", {
        "weight": weight, "out": out, "cot": cot, "grad_weight": weight.grad,
        "custom_values": custom, "custom_out": out_custom, "custom_cot": cot_custom,
        "custom_grad_weight": weight_custom.grad,
    }, {})


# --- rotary ----------------------------------------------------------------------------------
def inverse_frequencies(dim, theta=10000.0):
    return 1.0 / (theta ** (torch.arange(0, dim, 2)[: dim // 2].float() / dim))


def rotate_half_interleaved(x):
    """rotary-embedding-torch's rotate_half: '... (d r) -> ... d r', (-x2, x1), back."""
    x = x.unflatten(-1, (-1, 2))
    x1, x2 = x.unbind(-1)
    return torch.stack((-x2, x1), dim=-1).flatten(-2)


def rotary_interleaved(t, positions, rot_dim, theta):
    """rotary-embedding-torch's rotate_queries_or_keys / apply_rotary_emb (start_index 0).
    positions [L] or [B, L]."""
    freqs = positions.float().unsqueeze(-1) * inverse_frequencies(rot_dim, theta)  # [..., L, rot/2]
    freqs = freqs.repeat_interleave(2, dim=-1)  # '... n -> ... (n r)', r=2
    if freqs.dim() == 3:
        freqs = freqs.unsqueeze(1)  # [B, 1, L, rot]
    rotated, passed = t[..., :rot_dim], t[..., rot_dim:]
    rotated = rotated * freqs.cos() + rotate_half_interleaved(rotated) * freqs.sin()
    return torch.cat((rotated, passed), dim=-1)


def rotary_half_split(q, k, positions, rot_dim, theta):
    """LLaMA's rotary (cos/sin built as LlamaRotaryEmbedding does) on the first rot_dim dims, as GPT-NeoX's partial rotary."""
    if positions.dim() == 1:
        positions = positions.unsqueeze(0)
    freqs = positions.float().unsqueeze(-1) * inverse_frequencies(rot_dim, theta)  # [B, L, rot/2]
    emb = torch.cat((freqs, freqs), dim=-1)
    q_rot, k_rot = apply_rotary_pos_emb(q[..., :rot_dim], k[..., :rot_dim], emb.cos(), emb.sin())
    return torch.cat((q_rot, q[..., rot_dim:]), -1), torch.cat((k_rot, k[..., rot_dim:]), -1)


def rotary(convention):
    gen = seeded("rotary_" + convention)
    tensors = {}
    cases = {"full": (torch.arange(5), 8, 10000.0),
             "partial": (torch.arange(5) + 3, 6, 500.0),  # offset 3: a decoding step's positions
             "custom": (torch.tensor([[0.5, 2.0, -1.0, 7.25, 30.0], [1.0, 1.0, 4.0, 9.0, 100.0]]), 8, 10000.0)}
    for name, (positions, rot_dim, theta) in cases.items():
        x = randn(gen, 2, 3, 5, 8, requires_grad=True)
        if convention == "interleaved":
            out = rotary_interleaved(x, positions, rot_dim, theta)
        else:
            out, _ = rotary_half_split(x, x, positions, rot_dim, theta)
        cot = randn(gen, *out.shape)
        (out * cot).sum().backward()
        tensors.update({f"{name}_x": x, f"{name}_positions": positions.float(), f"{name}_out": out,
                        f"{name}_cot": cot, f"{name}_grad_x": x.grad})
    save_fixture(OUT / f"rotary_{convention}.safetensors", tensors,
                 {"rotated": {"full": 8, "partial": 6, "custom": 8}, "base": {"full": 10000, "partial": 500, "custom": 10000},
                  "offset": {"full": 0, "partial": 3, "custom": 0}})


# --- ALiBi ------------------------------------------------------------------------------------
def get_slopes(n):
    """The ALiBi paper's reference implementation (ofirpress/attention_with_linear_biases)."""
    def get_slopes_power_of_2(n):
        start = (2 ** (-2 ** -(math.log2(n) - 3)))
        ratio = start
        return [start * ratio ** i for i in range(n)]

    if math.log2(n).is_integer():
        return get_slopes_power_of_2(n)
    closest_power_of_2 = 2 ** math.floor(math.log2(n))
    return get_slopes_power_of_2(closest_power_of_2) + get_slopes(2 * closest_power_of_2)[0::2][:n - closest_power_of_2]


ALIBI_HEADS = list(range(1, 17)) + [24, 48, 80]


def alibi():
    tensors = {f"slopes_{n}": torch.tensor(get_slopes(n), dtype=torch.float64) for n in ALIBI_HEADS}
    slopes = torch.tensor(get_slopes(6))
    i = torch.arange(4).unsqueeze(1)
    j = torch.arange(4).unsqueeze(0)
    tensors["bidirectional_6"] = -slopes[:, None, None] * (i - j).abs()
    tensors["causal_6"] = torch.where(j <= i, -slopes[:, None, None] * (i - j), torch.zeros(()))
    q_values = torch.tensor([[0.0, 1.5, 4.0], [2.0, 2.0, 9.0]])
    k_values = torch.tensor([[1.0, 3.0, 3.5, 10.0], [0.0, -1.0, 2.0, 2.0]])
    tensors["custom_query_values"] = q_values
    tensors["custom_key_values"] = k_values
    tensors["custom_6"] = -slopes[None, :, None, None] * (q_values[:, None, :, None] - k_values[:, None, None, :]).abs()
    save_fixture(OUT / "alibi.safetensors", tensors, {"heads": ALIBI_HEADS})


# --- T5 buckets ------------------------------------------------------------------------------
def t5_bias(table, relative, bidirectional, buckets, max_distance):
    index = T5Attention._relative_position_bucket(relative, bidirectional=bidirectional,
                                                   num_buckets=buckets, max_distance=max_distance)
    return table[index].permute(*range(index.dim() - 2), -1, -3, -2)  # [..., heads, q, k]


def t5():
    gen = seeded("t5")
    tensors = {}
    distances = torch.arange(-300, 301)
    for bidirectional in (True, False):
        for buckets, max_distance in ((32, 128), (16, 20), (8, 16)):
            key = f"buckets_{'bi' if bidirectional else 'causal'}_{buckets}_{max_distance}"
            tensors[key] = T5Attention._relative_position_bucket(distances, bidirectional=bidirectional,
                                                                 num_buckets=buckets, max_distance=max_distance)
    tensors["distances"] = distances
    relative = torch.arange(40).unsqueeze(0) - torch.arange(40).unsqueeze(1)  # key - query
    for bidirectional in (True, False):
        table = randn(gen, 32, 3, requires_grad=True)
        out = t5_bias(table, relative, bidirectional, 32, 128).unsqueeze(0)
        cot = randn(gen, *out.shape)
        (out * cot).sum().backward()
        name = "bi" if bidirectional else "causal"
        tensors.update({f"{name}_table": table, f"{name}_out": out, f"{name}_cot": cot, f"{name}_grad_table": table.grad})
    q_values = torch.tensor([[0.0, 2.4, 50.0], [3.0, 3.0, -7.0]])
    k_values = torch.tensor([[1.0, 2.6, 30.0, 200.0], [0.0, 10.0, 3.3, 3.0]])
    relative = (k_values[:, None, :] - q_values[:, :, None]).round().long()
    table = tensors["bi_table"].detach()
    tensors.update({"custom_query_values": q_values, "custom_key_values": k_values,
                    "custom_out": t5_bias(table, relative, True, 32, 128)})
    save_fixture(OUT / "t5.safetensors", tensors, {})


# --- Shaw -----------------------------------------------------------------------------------
def shaw_bias(q, table, relative, k):
    """q [B, H, Lq, d], relative [B or 1, Lq, Lk] (key - query) -> [B, H, Lq, Lk]: q_i . a_{clip(j-i)} / sqrt(d)."""
    vectors = table[relative.clamp(-k, k) + k]  # [B or 1, Lq, Lk, d]
    return torch.einsum("bhid,bijd->bhij", q, vectors.expand(q.shape[0], -1, -1, -1)) / math.sqrt(q.shape[-1])


def shaw():
    gen = seeded("shaw")
    k = 2
    q = randn(gen, 2, 3, 6, 4, requires_grad=True)
    table = randn(gen, 2 * k + 1, 4, requires_grad=True)
    relative = (torch.arange(6).unsqueeze(0) - torch.arange(6).unsqueeze(1)).unsqueeze(0)
    out = shaw_bias(q, table, relative, k)
    cot = randn(gen, *out.shape)
    (out * cot).sum().backward()
    values = torch.tensor([[0.0, 0.6, 2.0, 2.2, 9.0, -3.0], [5.0, 4.0, 3.0, 2.0, 1.0, 0.0]])
    relative_custom = (values[:, None, :] - values[:, :, None]).round().long()
    save_fixture(OUT / "shaw.safetensors", {
        "q": q, "table": table, "out": out, "cot": cot, "grad_q": q.grad, "grad_table": table.grad,
        "custom_values": values, "custom_out": shaw_bias(q.detach(), table.detach(), relative_custom, k),
    }, {"max_distance": k})


# --- everything at once in multi-head attention ----------------------------------------------
def all_at_once():
    gen = seeded("all_at_once")
    batch, length, dim, heads = 2, 5, 8, 2
    head_dim = dim // heads
    x = randn(gen, batch, length, dim, requires_grad=True)
    params = {name: (randn(gen, *shape) * 0.4).requires_grad_(True) for name, shape in [
        ("query.weight", (dim, dim)), ("query.bias", (dim,)), ("key.weight", (dim, dim)), ("key.bias", (dim,)),
        ("value.weight", (dim, dim)), ("value.bias", (dim,)), ("output.weight", (dim, dim)), ("output.bias", (dim,)),
        ("learned", (10, dim)), ("t5", (8, heads)), ("shaw", (5, head_dim))]}
    slopes = torch.tensor(get_slopes(heads))

    def forward(causal):
        h = x + sinusoidal_table(torch.arange(length), dim) + params["learned"][:length]
        split = lambda t: t.view(batch, length, heads, head_dim).transpose(1, 2)
        q = split(h @ params["query.weight"].T + params["query.bias"])
        k = split(h @ params["key.weight"].T + params["key.bias"])
        v = split(h @ params["value.weight"].T + params["value.bias"])
        q = rotary_interleaved(q, torch.arange(length), head_dim, 10000.0)
        k = rotary_interleaved(k, torch.arange(length), head_dim, 10000.0)
        i = torch.arange(length).unsqueeze(1)
        j = torch.arange(length).unsqueeze(0)
        scores = q @ k.transpose(-1, -2) / math.sqrt(head_dim)
        scores = scores - slopes[:, None, None] * (i - j).abs()
        scores = scores + t5_bias(params["t5"], j - i, not causal, 8, 16)
        scores = scores + shaw_bias(q, params["shaw"], (j - i).unsqueeze(0), 2)
        if causal:
            scores = scores.masked_fill(j > i, -1e30)
        out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, dim)
        return out @ params["output.weight"].T + params["output.bias"]

    out = forward(False)
    cot = randn(gen, *out.shape)
    (out * cot).sum().backward()
    tensors = {"x": x, "out": out, "cot": cot, "grad_x": x.grad, "out_causal": forward(True)}
    for name, p in params.items():
        tensors[name] = p
        tensors["grad_" + name] = p.grad
    save_fixture(OUT / "all_at_once.safetensors", tensors,
                 {"heads": heads, "t5_buckets": 8, "t5_max_distance": 16, "shaw_max_distance": 2})


if __name__ == "__main__":
    torch.set_grad_enabled(True)
    sinusoidal()
    learned()
    rotary("interleaved")
    rotary("half_split")
    alibi()
    t5()
    shaw()
    all_at_once()
    print("wrote", sorted(p.name for p in OUT.glob("*.safetensors")))

"""Fixtures for the decoder layer and the encoder-decoder model (Tests/SmithyTransformerTests/Decoder/).

A hand-written float64 PyTorch twin of the Swift modules, with parameters named as the Swift
modules name them (so the test loads them with `module.load`). nn.TransformerDecoderLayer is not
used: it packs q/k/v into one `in_proj` and its pre-norm normalises memory differently.

Run: /tmp/venv/bin/python reference/transformer/decoder/generate_decoder_fixtures.py
"""
import math
import pathlib
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from fixture_writer import save_fixture, seeded  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "decoder"
EPS = 1e-5


def make_params(shapes, g):
    params = {}
    for name, shape in shapes.items():
        if name.endswith("norm.weight") or name.endswith("Norm.weight"):
            t = 1 + 0.1 * torch.randn(shape, generator=g, dtype=torch.float64)
        elif name.endswith("Embedding.weight"):
            t = torch.randn(shape, generator=g, dtype=torch.float64) * 0.5
        else:
            t = torch.randn(shape, generator=g, dtype=torch.float64) * (0.3 if len(shape) == 2 else 0.1)
        params[name] = t.requires_grad_()
    return params


def attention_shapes(prefix, d):
    return {f"{prefix}.{p}.{w}": ([d, d] if w == "weight" else [d]) for p in ("query", "key", "value", "output")
            for w in ("weight", "bias")}


def norm_shapes(prefix, d):
    return {f"{prefix}.weight": [d], f"{prefix}.bias": [d]}


def ffn_shapes(prefix, d, f):
    return {f"{prefix}.expand.weight": [f, d], f"{prefix}.expand.bias": [f],
            f"{prefix}.contract.weight": [d, f], f"{prefix}.contract.bias": [d]}


def encoder_layer_shapes(prefix, d, f):
    return {**attention_shapes(f"{prefix}.attention", d), **norm_shapes(f"{prefix}.attentionSublayer.norm", d),
            **ffn_shapes(f"{prefix}.feedForward", d, f), **norm_shapes(f"{prefix}.feedForwardSublayer.norm", d)}


def decoder_layer_shapes(prefix, d, f):
    p = f"{prefix}." if prefix else ""
    return {**attention_shapes(f"{p}selfAttention", d), **norm_shapes(f"{p}selfAttentionSublayer.norm", d),
            **attention_shapes(f"{p}crossAttention", d), **norm_shapes(f"{p}crossAttentionSublayer.norm", d),
            **ffn_shapes(f"{p}feedForward", d, f), **norm_shapes(f"{p}feedForwardSublayer.norm", d)}


def linear(p, prefix, x):
    return x @ p[f"{prefix}.weight"].T + p[f"{prefix}.bias"]


def layer_norm(p, prefix, x):
    return F.layer_norm(x, (x.shape[-1],), p[f"{prefix}.weight"], p[f"{prefix}.bias"], EPS)


def attention(p, prefix, queries, keys_values, heads, key_is_token, causal):
    b, lq, d = queries.shape
    lk = keys_values.shape[1]
    hd = d // heads
    split = lambda t: t.view(b, -1, heads, hd).transpose(1, 2)
    q, k, v = split(linear(p, f"{prefix}.query", queries)), split(linear(p, f"{prefix}.key", keys_values)), \
        split(linear(p, f"{prefix}.value", keys_values))
    scores = q @ k.transpose(-1, -2) / math.sqrt(hd)
    blocked = ~key_is_token.bool().view(b, 1, 1, lk)
    if causal:
        blocked = blocked | torch.triu(torch.ones(lq, lk, dtype=torch.bool), 1).view(1, 1, lq, lk)
    scores = scores.masked_fill(blocked, -1e30)
    out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, lq, d)
    return linear(p, f"{prefix}.output", out)


def sublayer(p, prefix, x, block, placement):
    if placement == "pre":
        return x + block(layer_norm(p, f"{prefix}.norm", x))
    return layer_norm(p, f"{prefix}.norm", x + block(x))


def ffn(p, prefix, x):
    return linear(p, f"{prefix}.contract", torch.relu(linear(p, f"{prefix}.expand", x)))


def encoder_layer(p, prefix, x, heads, src_mask, placement):
    x = sublayer(p, f"{prefix}.attentionSublayer", x,
                 lambda n: attention(p, f"{prefix}.attention", n, n, heads, src_mask, False), placement)
    return sublayer(p, f"{prefix}.feedForwardSublayer", x, lambda n: ffn(p, f"{prefix}.feedForward", n), placement)


def decoder_layer(p, prefix, x, memory, heads, tgt_mask, src_mask, placement):
    pre = f"{prefix}." if prefix else ""
    x = sublayer(p, f"{pre}selfAttentionSublayer", x,
                 lambda n: attention(p, f"{pre}selfAttention", n, n, heads, tgt_mask, True), placement)
    x = sublayer(p, f"{pre}crossAttentionSublayer", x,
                 lambda n: attention(p, f"{pre}crossAttention", n, memory, heads, src_mask, False), placement)
    return sublayer(p, f"{pre}feedForwardSublayer", x, lambda n: ffn(p, f"{pre}feedForward", n), placement)


def decoder_layer_case(placement):
    name = f"decoder_layer_{placement}"
    g = seeded(name)
    b, lt, ls, d, f, heads = 2, 5, 6, 8, 16, 2
    p = make_params(decoder_layer_shapes("", d, f), g)
    x = torch.randn(b, lt, d, generator=g, dtype=torch.float64).requires_grad_()
    memory = torch.randn(b, ls, d, generator=g, dtype=torch.float64).requires_grad_()
    tgt_mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.float64)
    src_mask = torch.tensor([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]], dtype=torch.float64)
    out = decoder_layer(p, "", x, memory, heads, tgt_mask, src_mask, placement)
    cotangent = torch.randn(out.shape, generator=g, dtype=torch.float64)
    (out * cotangent).sum().backward()
    tensors = {"input": x, "memory": memory, "targetIsToken": tgt_mask, "sourceIsToken": src_mask,
               "output": out, "cotangent": cotangent, "grad.input": x.grad, "grad.memory": memory.grad}
    tensors.update({f"param.{k}": v for k, v in p.items()})
    tensors.update({f"grad.{k}": v.grad for k, v in p.items()})
    save_fixture(OUT / f"{name}.safetensors", tensors, {"heads": heads, "placement": placement, "feedForward": f})


def seq2seq_case(name, shared, tied, placement):
    g = seeded(name)
    b, ls, lt, d, f, heads, layers = 2, 6, 5, 16, 32, 4, 2
    vs, vt = (12, 12) if shared else (11, 13)
    shapes = {"sourceEmbedding.weight": [vs, d]}
    if not shared:
        shapes["separateTargetEmbedding.weight"] = [vt, d]
    for i in range(layers):
        shapes.update(encoder_layer_shapes(f"encoder.layers.{i}", d, f))
        shapes.update(decoder_layer_shapes(f"decoder.layers.{i}", d, f))
    shapes.update(norm_shapes("encoder.finalNorm", d))
    shapes.update(norm_shapes("decoder.finalNorm", d))
    shapes.update({"tiedOutputBias": [vt]} if tied else {"outputProjection.weight": [vt, d], "outputProjection.bias": [vt]})
    p = make_params(shapes, g)
    src = torch.randint(1, vs, (b, ls), generator=g)
    src[0, 4:] = 0
    tgt_in = torch.randint(1, vt, (b, lt), generator=g)
    tgt_in[1, 3:] = 0
    tgt_out = torch.randint(1, vt, (b, lt), generator=g)
    tgt_out[1, 3:] = 0
    src_mask, tgt_mask = (src != 0).double(), (tgt_in != 0).double()
    src_table = p["sourceEmbedding.weight"]
    tgt_table = src_table if shared else p["separateTargetEmbedding.weight"]
    x = src_table[src] * math.sqrt(d)
    for i in range(layers):
        x = encoder_layer(p, f"encoder.layers.{i}", x, heads, src_mask, placement)
    memory = layer_norm(p, "encoder.finalNorm", x)
    y = tgt_table[tgt_in] * math.sqrt(d)
    for i in range(layers):
        y = decoder_layer(p, f"decoder.layers.{i}", y, memory, heads, tgt_mask, src_mask, placement)
    y = layer_norm(p, "decoder.finalNorm", y)
    logits = y @ tgt_table.T + p["tiedOutputBias"] if tied else linear(p, "outputProjection", y)
    loss = F.cross_entropy(logits.reshape(-1, vt), tgt_out.reshape(-1), ignore_index=0, label_smoothing=0.1)
    loss.backward()
    tensors = {"sourceIds": src, "targetInput": tgt_in, "targetOutput": tgt_out, "logits": logits, "loss": loss}
    tensors.update({f"param.{k}": v for k, v in p.items()})
    tensors.update({f"grad.{k}": v.grad for k, v in p.items()})
    save_fixture(OUT / f"{name}.safetensors", tensors,
                 {"heads": heads, "placement": placement, "feedForward": f, "layers": layers, "shared": shared,
                  "tied": tied, "sourceVocabulary": vs, "targetVocabulary": vt})


if __name__ == "__main__":
    torch.manual_seed(0)
    decoder_layer_case("pre")
    decoder_layer_case("post")
    seq2seq_case("seq2seq_separate_post", shared=False, tied=False, placement="post")
    seq2seq_case("seq2seq_shared_tied_pre", shared=True, tied=True, placement="pre")

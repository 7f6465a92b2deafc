"""Module-level PyTorch fixtures for the transformer spine (fixtures/modules/).

Each case writes, with Swift parameter names: `param.<name>` (weights generated here and loaded into
the Swift module), `input.<name>` (inputs), `cotangent`, `output`, `grad.input.<name>` and
`grad.<name>` (gradients of sum(output · cotangent)); metadata `config` describes the module.
The reference maths is written out in plain torch so that every step is visible:
multi-head attention (projections with bias, head split, scaled dot product, padding/causal mask),
post-norm  norm(x + block(x)) and pre-norm  x + block(norm(x)) sublayers (dropout off),
feed-forward Linear → activation → Linear with gated variants act(a) ⊙ b.

Run: /tmp/venv/bin/python reference/transformer/modules/make_module_fixtures.py
"""
import pathlib
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from fixture_writer import save_fixture, seeded  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "modules"
D, HEADS, FF = 8, 2, 12


def activation(name, x):
    gates = {"reglu": F.relu, "geglu": F.gelu, "swiglu": F.silu}
    if name in gates:
        a, b = x.chunk(2, dim=-1)
        return gates[name](a) * b
    return {"relu": F.relu, "gelu": F.gelu, "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"),
            "tanh": torch.tanh, "silu": F.silu, "sigmoid": torch.sigmoid,
            "leaky_relu": lambda t: F.leaky_relu(t, 0.01)}[name](x)


class Params:
    """Named parameters generated from one generator (std 0.3 weights, 0.1 biases; norms near 1)."""

    def __init__(self, generator):
        self.generator = generator
        self.values = {}

    def make(self, name, shape, mean=0.0, std=0.3):
        t = (mean + std * torch.randn(shape, generator=self.generator)).requires_grad_()
        self.values[name] = t
        return t

    def linear(self, prefix, x, inp, out):
        w, b = self.make(f"{prefix}.weight", (out, inp)), self.make(f"{prefix}.bias", (out,), std=0.1)
        return x @ w.T + b

    def norm(self, prefix, kind, x, eps):
        w = self.make(f"{prefix}.weight", (x.shape[-1],), mean=1.0, std=0.1)
        if kind == "layernorm":
            return F.layer_norm(x, (x.shape[-1],), w, self.make(f"{prefix}.bias", (x.shape[-1],), std=0.1), eps)
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def attention(p, prefix, queries, keys_values, key_is_token, causal):
    b, lq, _ = queries.shape
    lk = keys_values.shape[1]
    hd = D // HEADS

    def split(t):
        return t.reshape(b, t.shape[1], HEADS, hd).transpose(1, 2)

    q = split(p.linear(f"{prefix}query", queries, D, D))
    k = split(p.linear(f"{prefix}key", keys_values, D, D))
    v = split(p.linear(f"{prefix}value", keys_values, D, D))
    scores = q @ k.transpose(-1, -2) / hd ** 0.5
    allowed = torch.ones(b, 1, lq, lk, dtype=torch.bool)
    if key_is_token is not None:
        allowed = allowed & key_is_token[:, None, None, :]
    if causal:
        allowed = allowed & torch.ones(lq, lk, dtype=torch.bool).tril()
    scores = scores.masked_fill(~allowed, float("-inf"))
    merged = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, lq, D)
    return p.linear(f"{prefix}output", merged, D, D)


def feed_forward(p, prefix, x, act):
    gated = act in ("reglu", "geglu", "swiglu")
    hidden = activation(act, p.linear(f"{prefix}expand", x, D, 2 * FF if gated else FF))
    return p.linear(f"{prefix}contract", hidden, FF, D)


def sublayer(p, prefix, x, placement, kind, eps, block):
    if placement == "pre":
        return x + block(p.norm(f"{prefix}.norm", kind, x, eps))
    return p.norm(f"{prefix}.norm", kind, x + block(x), eps)


def encoder_layer(p, prefix, x, key_is_token, placement, kind, eps, act):
    x = sublayer(p, f"{prefix}attentionSublayer", x, placement, kind, eps,
                 lambda h: attention(p, f"{prefix}attention.", h, h, key_is_token, False))
    return sublayer(p, f"{prefix}feedForwardSublayer", x, placement, kind, eps,
                    lambda h: feed_forward(p, f"{prefix}feedForward.", h, act))


def padding(lengths, length):
    return torch.arange(length)[None, :] < torch.tensor(lengths)[:, None]


def write(case, inputs, params, output, config, generator):
    cotangent = torch.randn(output.shape, generator=generator)
    (output * cotangent).sum().backward()
    tensors = {"output": output, "cotangent": cotangent}
    for name, t in inputs.items():
        tensors[f"input.{name}"] = t
        tensors[f"grad.input.{name}"] = t.grad
    for name, t in params.values.items():
        tensors[f"param.{name}"] = t
        tensors[f"grad.{name}"] = t.grad
    save_fixture(OUT / f"{case}.safetensors", tensors, {"config": config})


def inputs_for(generator, **shapes):
    return {name: torch.randn(shape, generator=generator).requires_grad_() for name, shape in shapes.items()}


def attention_cases():
    for case, lq, lk, lengths, causal, cross in [
        ("mha_self_padded", 5, 5, [5, 3], False, False),
        ("mha_self_causal_padded", 5, 5, [5, 4], True, False),
        ("mha_cross_padded", 4, 6, [6, 2], False, True),
    ]:
        g = seeded(case)
        inputs = inputs_for(g, queries=(2, lq, D), **({"keysAndValues": (2, lk, D)} if cross else {}))
        kv = inputs["keysAndValues"] if cross else inputs["queries"]
        p = Params(g)
        out = attention(p, "", inputs["queries"], kv, padding(lengths, lk), causal)
        write(case, inputs, p, out, {"dimension": D, "heads": HEADS, "key_lengths": lengths, "causal": causal,
                                     "cross": cross}, g)


def encoder_layer_cases():
    for placement in ("pre", "post"):
        for kind in ("layernorm", "rmsnorm"):
            case = f"encoder_layer_{placement}_{kind}"
            g = seeded(case)
            inputs = inputs_for(g, x=(2, 5, D))
            p = Params(g)
            lengths = [5, 3]
            out = encoder_layer(p, "", inputs["x"], padding(lengths, 5), placement, kind, 1e-5, "gelu")
            write(case, inputs, p, out, {"dimension": D, "heads": HEADS, "feed_forward": FF, "placement": placement,
                                         "normalization": kind, "epsilon": 1e-5, "activation": "gelu",
                                         "key_lengths": lengths}, g)


def encoder_stack_case():
    case = "encoder_stack_pre_final_norm"
    g = seeded(case)
    inputs = inputs_for(g, x=(2, 6, D))
    p = Params(g)
    lengths = [6, 4]
    h = inputs["x"]
    for i in range(2):
        h = encoder_layer(p, f"layers.{i}.", h, padding(lengths, 6), "pre", "layernorm", 1e-5, "relu")
    out = p.norm("finalNorm", "layernorm", h, 1e-5)
    write(case, inputs, p, out, {"dimension": D, "heads": HEADS, "feed_forward": FF, "layers": 2, "placement": "pre",
                                 "normalization": "layernorm", "epsilon": 1e-5, "activation": "relu",
                                 "key_lengths": lengths}, g)


def feed_forward_cases():
    for act in ("relu", "gelu", "gelu_tanh", "tanh", "silu", "sigmoid", "leaky_relu", "reglu", "geglu", "swiglu"):
        case = f"ffn_{act}"
        g = seeded(case)
        inputs = inputs_for(g, x=(2, 3, D))
        p = Params(g)
        out = feed_forward(p, "", inputs["x"], act)
        write(case, inputs, p, out, {"dimension": D, "feed_forward": FF, "activation": act}, g)


if __name__ == "__main__":
    torch.set_default_dtype(torch.float32)
    attention_cases()
    encoder_layer_cases()
    encoder_stack_case()
    feed_forward_cases()
    print("wrote", sorted(p.name for p in OUT.glob("*.safetensors")))

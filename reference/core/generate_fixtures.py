#!/usr/bin/env python3
"""PyTorch reference fixtures for the AttentionSmithy Swift core.

Writes one safetensors file per case to reference/core/fixtures/<group>/<case>.safetensors
plus fixtures/MANIFEST.json.  See reference/core/README.md for the format.

Usage:
    /tmp/venv/bin/python reference/core/generate_fixtures.py [--out DIR] [--no-gradcheck] [--only SUBSTR]

Everything is deterministic: each case seeds its own torch.Generator (and the global torch RNG,
for module initialisation) from sha256("<group>/<case>"), and the safetensors header is
canonicalised after writing (see `canonicalise_header`).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import json
import math
import os
import struct
import sys
from typing import Callable, Dict, List, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors import safe_open
from safetensors.torch import save_file

F32 = torch.float32
F64 = torch.float64

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "fixtures")

# --------------------------------------------------------------------------------------
# Tolerance classes (float32 comparison on the Swift side). Rationale in README.md.
# --------------------------------------------------------------------------------------
TOL_EXACT = (1e-6, 1e-5)       # data movement, +,-,*,/, relu, masking, embedding
TOL_TRANSC = (1e-6, 1e-5)      # single transcendental per element (exp, log, sqrt, tanh, ...)
TOL_ACT = (1e-5, 1e-4)         # gelu/silu: several transcendentals + products in the gradient
TOL_REDUCE = (1e-5, 1e-4)      # sums over axes, matmul (K<=5), softmax, normalisation, losses
TOL_OPTIM = (1e-5, 1e-5)       # 6-step optimizer trajectories
TOL_SCHED = (1e-6, 1e-5)       # LR multipliers


# --------------------------------------------------------------------------------------
# Case model and registry
# --------------------------------------------------------------------------------------
@dataclasses.dataclass
class Case:
    group: str
    name: str
    op: str
    params: dict
    tol: tuple
    # build(gen) -> ordered dict name->tensor (float32 unless the group says otherwise)
    build: Callable[[torch.Generator], Dict[str, torch.Tensor]]
    # optional self check, called with gen-independent data after build (e.g. gradcheck)
    check: Optional[Callable[[Dict[str, torch.Tensor]], None]] = None
    allow_non_f32: bool = False


REGISTRY: List[Callable[[], List[Case]]] = []


def family(fn):
    """Decorator registering a function that returns the list of cases of one op family."""
    REGISTRY.append(fn)
    return fn


def case_seed(group: str, name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{group}/{name}".encode()).digest()[:4], "little") & 0x7FFFFFFF


def params_json(params: dict) -> str:
    return json.dumps(params, separators=(",", ":"))


# --------------------------------------------------------------------------------------
# Random helpers (all draw from the per-case generator, in float32)
# --------------------------------------------------------------------------------------
def randn(g, *shape, scale=1.0, shift=0.0):
    return torch.randn(shape, generator=g, dtype=F32) * scale + shift


def uniform(g, lo, hi, *shape):
    return torch.rand(shape, generator=g, dtype=F32) * (hi - lo) + lo


def away_from_zero(x, m=1e-2):
    sign = torch.where(x >= 0, 1.0, -1.0).to(F32)
    return sign * torch.clamp(x.abs(), min=m)


def signed_uniform(g, lo, hi, *shape):
    sign = torch.where(torch.rand(shape, generator=g) < 0.5, -1.0, 1.0).to(F32)
    return sign * uniform(g, lo, hi, *shape)


def distinct(g, *shape, step=0.25):
    """Values with pairwise gaps >= step*0.6 (no ties): shuffled grid + small jitter."""
    n = math.prod(shape)
    perm = torch.randperm(n, generator=g).to(F32)
    jitter = torch.rand(n, generator=g, dtype=F32) * (0.4 * step)
    return ((perm - n / 2) * step + jitter).reshape(shape)


def as_f32(t: torch.Tensor) -> torch.Tensor:
    return t.detach().to(F32).contiguous()


# --------------------------------------------------------------------------------------
# Generic op case: inputs float32 -> float64 reference forward/backward -> float32 storage
# --------------------------------------------------------------------------------------
def op_case(name, op, params, make_inputs, fn, diff: Sequence[bool], tol=TOL_EXACT,
            gradcheck=True, group="ops") -> Case:
    """make_inputs(g) -> list of float32 tensors (x0, x1, ...).
    fn(*float64 tensors) -> tensor or tuple of tensors (integer inputs arrive as float64,
    convert with .long() inside fn). diff[i] says whether xi is differentiable."""

    def build(g):
        xs = [as_f32(x) for x in make_inputs(g)]
        assert len(xs) == len(diff), (name, len(xs), len(diff))
        x64 = [x.to(F64).requires_grad_(d) for x, d in zip(xs, diff)]
        res = fn(*x64)
        multi = isinstance(res, (tuple, list))
        outs = list(res) if multi else [res]
        cots = [torch.randn(o.shape, generator=g, dtype=F32) for o in outs]
        loss = sum((o * c.to(F64)).sum() for o, c in zip(outs, cots))
        diff_inputs = [x for x, d in zip(x64, diff) if d]
        grads = torch.autograd.grad(loss, diff_inputs) if diff_inputs else []
        t = {}
        for i, x in enumerate(xs):
            t[f"x{i}"] = x
        if multi:
            for i, (o, c) in enumerate(zip(outs, cots)):
                t[f"out{i}"] = as_f32(o)
                t[f"cot{i}"] = c
        else:
            t["out"] = as_f32(outs[0])
            t["cot"] = cots[0]
        gi = iter(grads)
        for i, d in enumerate(diff):
            if d:
                t[f"grad{i}"] = as_f32(next(gi))
        return t

    def check(t):
        if not gradcheck:
            return
        n = len(diff)
        inputs = [t[f"x{i}"].to(F64).clone().requires_grad_(diff[i]) for i in range(n)]
        if any(diff):
            ok = torch.autograd.gradcheck(fn, tuple(inputs), eps=1e-6, atol=1e-5, rtol=1e-3)
            assert ok, f"gradcheck failed for {name}"

    return Case(group, name, op, params, tol, build, check)


# ======================================================================================
# group: ops
# ======================================================================================
def _mm(tA, tB):
    def f(a, b):
        if tA:
            a = a.transpose(-1, -2)
        if tB:
            b = b.transpose(-1, -2)
        return a @ b
    return f


@family
def fam_matmul():
    cases = []
    for suffix, tA, tB in [("", False, False), ("_tA", True, False), ("_tB", False, True), ("_tAtB", True, True)]:
        sa = (4, 3) if tA else (3, 4)
        sb = (5, 4) if tB else (4, 5)
        cases.append(op_case(f"matmul{suffix}", "matmul", {"transposeA": tA, "transposeB": tB},
                             lambda g, sa=sa, sb=sb: [randn(g, *sa), randn(g, *sb)],
                             _mm(tA, tB), [True, True], TOL_REDUCE))
    batched = [
        ("bmm_4d", (2, 3, 4, 5), (2, 3, 5, 6), False),
        ("bmm_tB", (4, 3, 5), (4, 2, 5), True),
        ("bmm_broadcast_rhs", (2, 3, 4), (4, 5), False),
    ]
    for name, sa, sb, tB in batched:
        cases.append(op_case(name, "matmul", {"transposeA": False, "transposeB": tB},
                             lambda g, sa=sa, sb=sb: [randn(g, *sa), randn(g, *sb)],
                             _mm(False, tB), [True, True], TOL_REDUCE))
    return cases


BROADCAST_SHAPES = [
    ("same", (3, 4), (3, 4)),
    ("row", (3, 4), (4,)),
    ("col3d", (2, 3, 4), (3, 1)),
    ("outer", (2, 1, 4), (1, 3, 1)),
    ("scalar", (3, 4), ()),
]


@family
def fam_binary():
    cases = []
    fns = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}
    for op, f in fns.items():
        for sfx, sa, sb in BROADCAST_SHAPES:
            if op == "div":
                mk = lambda g, sa=sa, sb=sb: [randn(g, *sa), signed_uniform(g, 0.5, 2.0, *sb)]
            else:
                mk = lambda g, sa=sa, sb=sb: [randn(g, *sa), randn(g, *sb)]
            cases.append(op_case(f"{op}_{sfx}", op, {}, mk, f, [True, True], TOL_EXACT))
    return cases


@family
def fam_reduce():
    cases = []
    variants = [("axis1", {"axes": [1], "keepdim": False}),
                ("last_keepdim", {"axes": [-1], "keepdim": True}),
                ("axes02", {"axes": [0, 2], "keepdim": False})]
    for op in ["sum", "mean"]:
        tf = torch.sum if op == "sum" else torch.mean
        for sfx, p in variants:
            cases.append(op_case(f"{op}_{sfx}", op, p, lambda g: [randn(g, 2, 3, 4)],
                                 lambda x, p=p, tf=tf: tf(x, dim=tuple(p["axes"]), keepdim=p["keepdim"]),
                                 [True], TOL_REDUCE))
        cases.append(op_case(f"{op}_all", op, {"axes": None}, lambda g: [randn(g, 2, 3, 4)],
                             lambda x, tf=tf: tf(x), [True], TOL_REDUCE))
    for sfx, p in variants[:2]:
        cases.append(op_case(f"max_{sfx}", "max", p, lambda g: [distinct(g, 2, 3, 4)],
                             lambda x, p=p: torch.max(x, dim=p["axes"][0], keepdim=p["keepdim"]).values,
                             [True], TOL_EXACT))
    return cases


@family
def fam_unary():
    c = []
    def add(name, op, params, mk, fn, tol=TOL_TRANSC):
        c.append(op_case(name, op, params, mk, fn, [True], tol))
    add("neg", "neg", {}, lambda g: [randn(g, 3, 5, scale=2)], torch.neg, TOL_EXACT)
    add("exp", "exp", {}, lambda g: [randn(g, 3, 5, scale=2)], torch.exp)
    add("log", "log", {}, lambda g: [uniform(g, 0.1, 5.0, 3, 5)], torch.log)
    add("sqrt", "sqrt", {}, lambda g: [uniform(g, 0.1, 5.0, 3, 5)], torch.sqrt)
    add("rsqrt", "rsqrt", {}, lambda g: [uniform(g, 0.2, 5.0, 3, 5)], torch.rsqrt)
    add("pow3", "pow", {"exponent": 3.0}, lambda g: [randn(g, 3, 5, scale=1.5)], lambda x: torch.pow(x, 3.0))
    add("pow_half", "pow", {"exponent": 0.5}, lambda g: [uniform(g, 0.1, 5.0, 3, 5)], lambda x: torch.pow(x, 0.5))
    add("tanh", "tanh", {}, lambda g: [randn(g, 3, 5, scale=2)], torch.tanh)
    add("sigmoid", "sigmoid", {}, lambda g: [randn(g, 3, 5, scale=2)], torch.sigmoid)
    add("relu", "relu", {}, lambda g: [away_from_zero(randn(g, 3, 5, scale=2))], torch.relu, TOL_EXACT)
    for sfx, s in [("001", 0.01), ("01", 0.1)]:
        add(f"leaky_relu_{sfx}", "leaky_relu", {"slope": s}, lambda g: [away_from_zero(randn(g, 3, 5, scale=2))],
            lambda x, s=s: F.leaky_relu(x, negative_slope=s), TOL_EXACT)
    add("gelu", "gelu", {"approximate": "none"}, lambda g: [randn(g, 3, 5, scale=2)],
        lambda x: F.gelu(x, approximate="none"), TOL_ACT)
    add("gelu_tanh", "gelu", {"approximate": "tanh"}, lambda g: [randn(g, 3, 5, scale=2)],
        lambda x: F.gelu(x, approximate="tanh"), TOL_ACT)
    add("silu", "silu", {}, lambda g: [randn(g, 3, 5, scale=2)], F.silu, TOL_ACT)
    return c


@family
def fam_softmax():
    c = []
    for op, f in [("softmax", F.softmax), ("log_softmax", F.log_softmax)]:
        c.append(op_case(f"{op}_last", op, {"axis": -1}, lambda g: [randn(g, 2, 3, 7, scale=2)],
                         lambda x, f=f: f(x, dim=-1), [True], TOL_REDUCE))
        c.append(op_case(f"{op}_axis1", op, {"axis": 1}, lambda g: [randn(g, 2, 3, 7, scale=2)],
                         lambda x, f=f: f(x, dim=1), [True], TOL_REDUCE))
        c.append(op_case(f"{op}_large", op, {"axis": -1}, lambda g: [randn(g, 2, 3, 7, scale=30, shift=100)],
                         lambda x, f=f: f(x, dim=-1), [True], TOL_REDUCE))
    return c


@family
def fam_norm():
    c = []
    for sfx, eps in [("", 1e-5), ("_eps12", 1e-12)]:
        c.append(op_case(f"layer_norm{sfx}", "layer_norm", {"eps": eps},
                         lambda g: [randn(g, 2, 5, 8, scale=2, shift=0.5), randn(g, 8, scale=0.5, shift=1.0),
                                    randn(g, 8, scale=0.5)],
                         lambda x, w, b, eps=eps: F.layer_norm(x, (8,), w, b, eps),
                         [True, True, True], TOL_REDUCE))
    c.append(op_case("rms_norm", "rms_norm", {"eps": 1e-6},
                     lambda g: [randn(g, 2, 5, 8, scale=2, shift=0.5), randn(g, 8, scale=0.5, shift=1.0)],
                     lambda x, w: F.rms_norm(x, (8,), w, 1e-6), [True, True], TOL_REDUCE))
    return c


@family
def fam_embedding():
    idx_plain = [[2, 5, 2], [9, 5, 2]]     # 2 appears 3x, 5 twice: scatter-add must accumulate
    idx_pad = [[0, 3, 0], [4, 3, 7]]       # 0 is padding_idx and appears twice
    return [
        op_case("embedding", "embedding", {"paddingIdx": None},
                lambda g: [randn(g, 10, 4), torch.tensor(idx_plain, dtype=F32)],
                lambda w, i: F.embedding(i.long(), w), [True, False], TOL_EXACT),
        # gradcheck is skipped: torch's padding_idx zeroes the gradient row by convention,
        # which intentionally differs from the numerical derivative.
        op_case("embedding_pad0", "embedding", {"paddingIdx": 0},
                lambda g: [randn(g, 10, 4), torch.tensor(idx_pad, dtype=F32)],
                lambda w, i: F.embedding(i.long(), w, padding_idx=0), [True, False], TOL_EXACT,
                gradcheck=False),
    ]


@family
def fam_shape():
    c = []
    c.append(op_case("concat_axis1", "concat", {"axis": 1}, lambda g: [randn(g, 2, 3), randn(g, 2, 5)],
                     lambda a, b: torch.cat([a, b], dim=1), [True, True]))
    c.append(op_case("concat3_axis0", "concat", {"axis": 0},
                     lambda g: [randn(g, 2, 3), randn(g, 1, 3), randn(g, 3, 3)],
                     lambda a, b, d: torch.cat([a, b, d], dim=0), [True, True, True]))
    c.append(op_case("stack_axis1", "stack", {"axis": 1},
                     lambda g: [randn(g, 2, 3), randn(g, 2, 3), randn(g, 2, 3)],
                     lambda a, b, d: torch.stack([a, b, d], dim=1), [True, True, True]))
    c.append(op_case("split", "split", {"axis": 1, "sizes": [2, 5]}, lambda g: [randn(g, 2, 7)],
                     lambda x: tuple(torch.split(x, [2, 5], dim=1)), [True]))
    c.append(op_case("chunk", "chunk", {"axis": 0, "chunks": 3}, lambda g: [randn(g, 6, 3)],
                     lambda x: tuple(torch.chunk(x, 3, dim=0)), [True]))
    c.append(op_case("reshape", "reshape", {"shape": [4, 6]}, lambda g: [randn(g, 2, 3, 4)],
                     lambda x: x.reshape(4, 6), [True]))
    c.append(op_case("transpose", "transpose", {"axis0": 1, "axis1": 2}, lambda g: [randn(g, 2, 3, 4)],
                     lambda x: x.transpose(1, 2), [True]))
    c.append(op_case("permute", "permute", {"order": [2, 0, 1]}, lambda g: [randn(g, 2, 3, 4)],
                     lambda x: x.permute(2, 0, 1), [True]))
    c.append(op_case("slice_axis0", "slice", {"axis": 0, "start": 1, "end": 4}, lambda g: [randn(g, 5, 4)],
                     lambda x: x[1:4], [True]))
    c.append(op_case("slice_axis1", "slice", {"axis": 1, "start": 1, "end": 3}, lambda g: [randn(g, 5, 4)],
                     lambda x: x[:, 1:3], [True]))
    return c


def _mask(g, *shape, p=0.4):
    m = (torch.rand(shape, generator=g) < p).to(F32)
    flat = m.view(-1)
    flat[0], flat[-1] = 1.0, 0.0      # guarantee both values occur
    return m


@family
def fam_select():
    c = []
    for sfx, v in [("neg1e9", -1e9), ("zero", 0.0)]:
        c.append(op_case(f"masked_fill_{sfx}", "masked_fill", {"value": v},
                         lambda g: [randn(g, 2, 3, 4), _mask(g, 2, 1, 4)],
                         lambda x, m, v=v: x.masked_fill(m.bool(), v), [True, False]))
    c.append(op_case("where", "where", {}, lambda g: [_mask(g, 3, 4, p=0.5), randn(g, 3, 4), randn(g, 3, 4)],
                     lambda cnd, a, b: torch.where(cnd.bool(), a, b), [False, True, True]))
    c.append(op_case("where_broadcast", "where", {},
                     lambda g: [torch.tensor([[1.0], [0.0], [1.0]]), randn(g, 3, 4), randn(g, 4)],
                     lambda cnd, a, b: torch.where(cnd.bool(), a, b), [False, True, True]))
    return c


def _ce_params(ignore=-100, ls=0.0, red="mean"):
    return {"ignoreIndex": ignore, "labelSmoothing": ls, "reduction": red}


def _ce_fn(p, C):
    def f(logits, t):
        return F.cross_entropy(logits.reshape(-1, C), t.reshape(-1).long(), ignore_index=p["ignoreIndex"],
                               label_smoothing=p["labelSmoothing"], reduction=p["reduction"])
    return f


@family
def fam_losses():
    c = []
    t_plain = [1, 0, 4, 2, 3, 1]
    t_ign = [1, -100, 4, 2, -100, 1]
    t_pad = [3, 0, 4, 0, 2, 1]
    for name, p, t in [
        ("cross_entropy", _ce_params(), t_plain),
        ("cross_entropy_ignore", _ce_params(), t_ign),
        ("cross_entropy_ls", _ce_params(ls=0.1), t_plain),
        ("cross_entropy_ls_ignore", _ce_params(ls=0.1), t_ign),
        ("cross_entropy_ignore0", _ce_params(ignore=0), t_pad),
        ("cross_entropy_sum", _ce_params(red="sum"), t_plain),
    ]:
        c.append(op_case(name, "cross_entropy", p,
                         lambda g, t=t: [randn(g, 6, 5, scale=2), torch.tensor(t, dtype=F32)],
                         _ce_fn(p, 5), [True, False], TOL_REDUCE))
    c.append(op_case("cross_entropy_3d", "cross_entropy", _ce_params(),
                     lambda g: [randn(g, 2, 3, 5, scale=2), torch.tensor([[0, 4, 2], [1, 1, 3]], dtype=F32)],
                     _ce_fn(_ce_params(), 5), [True, False], TOL_REDUCE))
    c.append(op_case("mse", "mse", {"reduction": "mean"}, lambda g: [randn(g, 3, 4), randn(g, 3, 4)],
                     lambda a, b: F.mse_loss(a, b, reduction="mean"), [True, True], TOL_REDUCE))
    return c


# ======================================================================================
# group: layers (nn.Module level; parameters stored under their state_dict names)
# ======================================================================================
def module_case(name, op, params, make_module, make_inputs, forward, diff, tol=TOL_REDUCE) -> Case:
    """make_module() is called after torch.manual_seed(case seed) (torch default init).
    make_inputs(g) -> list of float32 inputs. forward(module64, *inputs64) -> out tensor."""

    def build(g):
        m32 = make_module(g)
        for p in m32.parameters():       # round parameters to float32 (they already are)
            p.data = p.data.to(F32)
        xs = [as_f32(x) for x in make_inputs(g)]
        m64 = copy.deepcopy(m32).to(F64)
        x64 = [x.to(F64).requires_grad_(d) for x, d in zip(xs, diff)]
        out = forward(m64, *x64)
        cot = torch.randn(out.shape, generator=g, dtype=F32)
        loss = (out * cot.to(F64)).sum()
        names = [n for n, _ in m64.named_parameters()]
        diff_x = [x for x, d in zip(x64, diff) if d]
        grads = torch.autograd.grad(loss, diff_x + [p for _, p in m64.named_parameters()])
        t = {f"x{i}": x for i, x in enumerate(xs)}
        for n, p in m32.named_parameters():
            t[n] = as_f32(p)
        t["out"] = as_f32(out)
        t["cot"] = cot
        gi = iter(grads)
        for i, d in enumerate(diff):
            if d:
                t[f"grad{i}"] = as_f32(next(gi))
        for n in names:
            t[f"grad.{n}"] = as_f32(next(gi))
        return t

    return Case("layers", name, op, params, tol, build)


def _seeded_module(name, ctor):
    def make(g):
        torch.manual_seed(case_seed("layers", name))
        m = ctor()
        return m
    return make


def _randomise_affine(m, g):
    with torch.no_grad():
        m.weight.copy_(randn(g, *m.weight.shape, scale=0.5, shift=1.0))
        if getattr(m, "bias", None) is not None:
            m.bias.copy_(randn(g, *m.bias.shape, scale=0.5))
    return m


@family
def fam_layers():
    c = []
    c.append(module_case("linear", "linear", {"inFeatures": 4, "outFeatures": 5, "bias": True},
                         _seeded_module("linear", lambda: nn.Linear(4, 5)),
                         lambda g: [randn(g, 2, 3, 4)], lambda m, x: m(x), [True]))
    c.append(module_case("embedding_layer", "embedding_layer", {"numEmbeddings": 12, "dim": 6, "paddingIdx": None},
                         _seeded_module("embedding_layer", lambda: nn.Embedding(12, 6)),
                         lambda g: [torch.tensor([[3, 7, 3, 0], [11, 7, 3, 5]], dtype=F32)],
                         lambda m, i: m(i.long()), [False], TOL_EXACT))
    c.append(module_case("layer_norm_layer", "layer_norm_layer", {"normalizedShape": [6], "eps": 1e-5},
                         lambda g: _randomise_affine(nn.LayerNorm(6, eps=1e-5), g),
                         lambda g: [randn(g, 3, 6, scale=2, shift=0.3)], lambda m, x: m(x), [True]))
    c.append(module_case("rms_norm_layer", "rms_norm_layer", {"normalizedShape": [6], "eps": 1e-6},
                         lambda g: _randomise_affine(nn.RMSNorm(6, eps=1e-6), g),
                         lambda g: [randn(g, 3, 6, scale=2, shift=0.3)], lambda m, x: m(x), [True]))

    def mlp_ctor():
        return nn.Sequential(nn.Linear(8, 16), nn.GELU(approximate="none"), nn.Linear(16, 4))

    c.append(module_case("mlp2", "mlp2",
                         {"layers": ["linear(8,16)", "gelu(none)", "linear(16,4)"], "loss": "cross_entropy",
                          "ignoreIndex": -100, "labelSmoothing": 0.0, "reduction": "mean"},
                         _seeded_module("mlp2", mlp_ctor),
                         lambda g: [randn(g, 5, 8), torch.tensor([0, 3, 1, 3, 2], dtype=F32)],
                         lambda m, x, t: F.cross_entropy(m(x), t.long()), [True, False]))
    return c


# ======================================================================================
# group: optim (trajectories) and schedules
# ======================================================================================
K_STEPS = 6
GRAD_SCALES = [0.1, 2.0, 0.01, 5.0, 0.5, 20.0]   # steps 1,3,5 have total norm > 1 -> clipping engages


def noam_lambda(d_model=512, warmup=10, factor=1.0):
    # step+1 convention: LambdaLR passes step = 0,1,2,...; the multiplier used for the
    # optimizer step with 0-based index k is d_model^-0.5 * min((k+1)^-0.5, (k+1)*warmup^-1.5).
    def f(step):
        s = step + 1
        return factor * d_model ** -0.5 * min(s ** -0.5, s * warmup ** -1.5)
    return f


def annotated_rate_lambda(d_model=512, warmup=10, factor=1.0):
    # Literal copy of The Annotated Transformer's `rate` (step 0 mapped to 1, no +1 otherwise).
    def f(step):
        if step == 0:
            step = 1
        return factor * (d_model ** (-0.5) * min(step ** (-0.5), step * warmup ** (-1.5)))
    return f


def optim_params(opt, lr, momentum=None, nesterov=None, dampening=None, wd=0.0, betas=None, eps=None,
                 clip=None, schedule=None):
    return {"optimizer": opt, "lr": lr, "momentum": momentum, "nesterov": nesterov, "dampening": dampening,
            "weightDecay": wd, "betas": betas, "eps": eps, "clipNorm": clip, "schedule": schedule,
            "steps": K_STEPS, "paramNames": ["p0", "p1"]}


def make_torch_optimizer(p, params):
    if p["optimizer"] == "sgd":
        return torch.optim.SGD(params, lr=p["lr"], momentum=p["momentum"], dampening=p["dampening"],
                               weight_decay=p["weightDecay"], nesterov=p["nesterov"], foreach=False)
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[p["optimizer"]]
    return cls(params, lr=p["lr"], betas=tuple(p["betas"]), eps=p["eps"], weight_decay=p["weightDecay"],
               amsgrad=False, foreach=False)


def optim_case(name, p) -> Case:
    def build(g):
        init = {"p0": randn(g, 4, 3), "p1": randn(g, 3)}
        grads = [{"p0": randn(g, 4, 3, scale=s), "p1": randn(g, 3, scale=s)} for s in GRAD_SCALES]
        # float64 trajectory starting from the float32 values
        params = {k: v.to(F64).clone().requires_grad_(True) for k, v in init.items()}
        opt = make_torch_optimizer(p, [params["p0"], params["p1"]])
        sched = None
        if p["schedule"] is not None:
            s = p["schedule"]
            assert s["type"] == "inverse_sqrt"
            sched = torch.optim.lr_scheduler.LambdaLR(opt, noam_lambda(s["dModel"], s["warmup"], s["factor"]))
        t = {f"init.{k}": v for k, v in init.items()}
        for k in range(K_STEPS):
            for n in ("p0", "p1"):
                t[f"g{k}.{n}"] = grads[k][n]
                params[n].grad = grads[k][n].to(F64).clone()
            t[f"lr{k}"] = torch.tensor(opt.param_groups[0]["lr"], dtype=F32)
            if p["clipNorm"] is not None:
                norm = torch.nn.utils.clip_grad_norm_([params["p0"], params["p1"]], max_norm=p["clipNorm"])
                t[f"norm{k}"] = as_f32(norm)
            opt.step()
            if sched is not None:
                sched.step()
            for n in ("p0", "p1"):
                t[f"after{k}.{n}"] = as_f32(params[n])
        return t

    return Case("optim", name, p["optimizer"], p, TOL_OPTIM, build)


@family
def fam_optim():
    noam = {"type": "inverse_sqrt", "dModel": 512, "warmup": 10, "factor": 1.0, "baseLr": 1.0,
            "stepConvention": "step+1"}
    return [
        optim_case("sgd", optim_params("sgd", 0.1, momentum=0.0, nesterov=False, dampening=0.0)),
        optim_case("sgd_momentum", optim_params("sgd", 0.1, momentum=0.9, nesterov=False, dampening=0.0, wd=0.01)),
        optim_case("sgd_nesterov", optim_params("sgd", 0.1, momentum=0.9, nesterov=True, dampening=0.0)),
        optim_case("adam", optim_params("adam", 1e-2, betas=[0.9, 0.999], eps=1e-8)),
        optim_case("adam_wd", optim_params("adam", 1e-2, betas=[0.9, 0.999], eps=1e-8, wd=0.01)),
        optim_case("adamw", optim_params("adamw", 1e-2, betas=[0.9, 0.999], eps=1e-8, wd=0.1)),
        optim_case("adam_noam", optim_params("adam", 1.0, betas=[0.9, 0.98], eps=1e-9, schedule=noam)),
        optim_case("clip_adamw", optim_params("adamw", 1e-2, betas=[0.9, 0.999], eps=1e-8, wd=0.1, clip=1.0)),
    ]


N_SCHED = 50


def schedule_case(name, params, make_sched) -> Case:
    def build(g):
        dummy = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([dummy], lr=1.0)
        sched = make_sched(opt)
        lrs = []
        for _ in range(N_SCHED):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()          # no grad -> no-op, keeps the optimizer/scheduler call order legal
            sched.step()
        return {"lr": torch.tensor(lrs, dtype=F64).to(F32)}

    return Case("schedules", name, "lr_schedule", params, TOL_SCHED, build)


@family
def fam_schedules():
    import transformers
    from torch.optim.lr_scheduler import LambdaLR
    base = {"baseLr": 1.0, "steps": N_SCHED}
    return [
        schedule_case("constant", {"type": "constant", **base}, lambda o: transformers.get_constant_schedule(o)),
        schedule_case("linear_warmup_decay", {"type": "linear_warmup_decay", "warmup": 10, "total": 50, **base},
                      lambda o: transformers.get_linear_schedule_with_warmup(o, num_warmup_steps=10,
                                                                             num_training_steps=50)),
        schedule_case("cosine_warmup", {"type": "cosine_warmup", "warmup": 10, "total": 50, "numCycles": 0.5, **base},
                      lambda o: transformers.get_cosine_schedule_with_warmup(o, num_warmup_steps=10,
                                                                             num_training_steps=50)),
        schedule_case("inverse_sqrt", {"type": "inverse_sqrt", "dModel": 512, "warmup": 10, "factor": 1.0,
                                       "stepConvention": "step+1", **base},
                      lambda o: LambdaLR(o, noam_lambda(512, 10, 1.0))),
        schedule_case("inverse_sqrt_annotated", {"type": "inverse_sqrt", "dModel": 512, "warmup": 10, "factor": 1.0,
                                                 "stepConvention": "max(step,1)", **base},
                      lambda o: LambdaLR(o, annotated_rate_lambda(512, 10, 1.0))),
    ]


# ======================================================================================
# group: safetensors_dtypes
# ======================================================================================
@family
def fam_dtypes():
    def build(g):
        src = torch.tensor([
            # exact in f16 and bf16 | rounds in both            | f16: subnormal / max; bf16: round-to-even tie
            [1.0, -2.5, 0.15625, 0.1, 1.0 / 3.0, -1.00390625],
            [65504.0, 1e-5, -0.0, 3.14159265, 1.00048828125, 300.7],
        ], dtype=F32)
        f16 = src.to(torch.float16)
        bf16 = src.to(torch.bfloat16)
        return {"f32": src, "f16": f16, "bf16": bf16,
                "expected_f16_as_f32": f16.to(F32), "expected_bf16_as_f32": bf16.to(F32)}
    return [Case("safetensors_dtypes", "mixed_dtypes", "dtype_conversion",
                 {"note": "f16/bf16 = torch cast of f32 (round-to-nearest-even); expected_* = exact widening"},
                 (0.0, 0.0), build, allow_non_f32=True)]


# ======================================================================================
# Writing
# ======================================================================================
def canonicalise_header(path: str):
    """safetensors (Rust) serialises the __metadata__ HashMap in random order, which would break
    byte-identical regeneration. Rewrite the header JSON with the metadata keys sorted. Only the
    key order changes, so the header length (and all data offsets) stay the same."""
    with open(path, "r+b") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        raw = fh.read(n)
        text = raw.decode("utf-8")
        stripped = text.rstrip(" ")
        hdr = json.loads(stripped, object_pairs_hook=dict)
        if "__metadata__" in hdr:
            hdr["__metadata__"] = dict(sorted(hdr["__metadata__"].items()))
        new = json.dumps(hdr, separators=(",", ":"), ensure_ascii=False)
        assert len(new) == len(stripped), "header length changed during canonicalisation"
        new_raw = (new + text[len(stripped):]).encode("utf-8")
        assert len(new_raw) == n
        fh.seek(8)
        fh.write(new_raw)


ST_DTYPE = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def dump_manifest(manifest: dict) -> str:
    """Pretty JSON with one case per line (deterministic, diff-friendly)."""
    head = {k: v for k, v in manifest.items() if k != "cases"}
    text = json.dumps(head, indent=1)[:-2]  # drop closing "\n}"
    lines = [json.dumps(e, separators=(", ", ": ")) for e in manifest["cases"]]
    return text + ',\n "cases": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def self_check(case: Case, tensors: Dict[str, torch.Tensor]):
    for k, v in tensors.items():
        if not case.allow_non_f32:
            assert v.dtype == F32, (case.name, k, v.dtype)
        assert v.is_contiguous(), (case.name, k)
        assert torch.isfinite(v.to(F32)).all(), f"non-finite values in {case.group}/{case.name}:{k}"
    for k, v in tensors.items():
        if k.startswith("cot"):
            assert not torch.all(v == 1.0), (case.name, k)
    if case.check is not None:
        case.check(tensors)


def write_case(out_dir: str, case: Case, gradcheck: bool):
    seed = case_seed(case.group, case.name)
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    tensors = case.build(g)
    if not gradcheck:
        case = dataclasses.replace(case, check=None)
    self_check(case, tensors)
    meta = {"op": case.op, "params": params_json(case.params),
            "atol": repr(case.tol[0]), "rtol": repr(case.tol[1])}
    d = os.path.join(out_dir, case.group)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f"{case.name}.safetensors")
    save_file({k: v.contiguous() for k, v in tensors.items()}, path, metadata=meta)
    canonicalise_header(path)
    # read back and verify
    with safe_open(path, framework="pt") as fh:
        assert fh.metadata() == meta
        for k in fh.keys():
            assert torch.equal(fh.get_tensor(k), tensors[k]), (case.name, k)
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    return {
        "group": case.group,
        "case": case.name,
        "file": f"{case.group}/{case.name}.safetensors",
        "op": case.op,
        "params": case.params,
        "atol": case.tol[0],
        "rtol": case.tol[1],
        "seed": seed,
        "tensors": [{"name": k, "shape": list(v.shape), "dtype": ST_DTYPE[v.dtype]} for k, v in tensors.items()],
        "bytes": os.path.getsize(path),
        "sha256": digest,
    }


def all_cases() -> List[Case]:
    cases = [c for fam in REGISTRY for c in fam()]
    keys = [(c.group, c.name) for c in cases]
    assert len(keys) == len(set(keys)), "duplicate case names"
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--no-gradcheck", action="store_true")
    ap.add_argument("--only", default=None, help="only cases whose group/name contains this substring")
    ap.add_argument("--verify", action="store_true",
                    help="regenerate into a temporary folder and check every file is byte-identical to --out")
    args = ap.parse_args()
    if args.verify:
        import filecmp
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            generate(tmp, gradcheck=not args.no_gradcheck, only=None, quiet=True)
            with open(os.path.join(tmp, "MANIFEST.json")) as fh:
                files = [e["file"] for e in json.load(fh)["cases"]] + ["MANIFEST.json"]
            bad = [f for f in files if not os.path.exists(os.path.join(args.out, f))
                   or not filecmp.cmp(os.path.join(tmp, f), os.path.join(args.out, f), shallow=False)]
        committed = {os.path.relpath(os.path.join(r, f), args.out) for r, _, fs in os.walk(args.out) for f in fs}
        extra = sorted(committed - set(files))
        if bad or extra:
            print("MISMATCH:", bad, "UNEXPECTED FILES:", extra)
            sys.exit(1)
        print(f"OK: {len(files)} files byte-identical")
        return
    generate(args.out, gradcheck=not args.no_gradcheck, only=args.only)


def generate(out_dir: str, gradcheck: bool, only: Optional[str], quiet: bool = False):

    torch.set_num_threads(1)   # deterministic reduction order on CPU
    torch.use_deterministic_algorithms(True)
    cases = all_cases()
    if only:
        cases = [c for c in cases if only in f"{c.group}/{c.name}"]
    entries = []
    for c in cases:
        entries.append(write_case(out_dir, c, gradcheck=gradcheck))
        if not quiet:
            print(f"{c.group}/{c.name}: {entries[-1]['bytes']} bytes")
    if not only:
        import safetensors
        import transformers
        manifest = {
            "generator": "reference/core/generate_fixtures.py",
            "versions": {"torch": torch.__version__, "safetensors": safetensors.__version__,
                         "transformers": transformers.__version__, "python": sys.version.split()[0]},
            "conventions": {
                "dtype": "float32 for all tensors except group safetensors_dtypes",
                "scalar_shape": "0-d tensors are stored with shape [] (safetensors supports it)",
                "integer_data": "indices/targets/masks/conditions are float32 holding exact integers (0/1 masks)",
                "reference_precision": "inputs are float32; out/grad computed in float64 from them, then cast to float32",
                "grad": "gradN = d sum(out*cot) / d xN, only for differentiable inputs",
            },
            "cases": entries,
        }
        text = dump_manifest(manifest)
        assert json.loads(text) == manifest
        with open(os.path.join(out_dir, "MANIFEST.json"), "w") as fh:
            fh.write(text)
        total = sum(e["bytes"] for e in entries)
        print(f"{len(entries)} cases, {total} bytes")


if __name__ == "__main__":
    main()

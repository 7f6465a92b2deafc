"""Shared writer for the transformer fixtures: one safetensors file per case, deterministic bytes.

Every toolkit fixture script imports `save_fixture` so the Swift tests read one format:
float32 tensors by name, and a string metadata map (JSON strings for structured values).
safetensors itself writes metadata keys in random order; the header is rewritten sorted so that
regenerating a fixture gives identical bytes.
"""
import json
import pathlib
import struct

import torch
from safetensors.torch import save_file


def save_fixture(path, tensors, metadata):
    """Writes `tensors` (name -> tensor, cast to contiguous float32) and `metadata` (name -> str or
    JSON-serialisable value) to `path`, creating parent folders."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {name: t.detach().to(torch.float32).contiguous() for name, t in tensors.items()}
    metadata = {k: v if isinstance(v, str) else json.dumps(v, sort_keys=True) for k, v in metadata.items()}
    save_file(tensors, str(path), metadata=metadata)
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    if "__metadata__" in header:
        header["__metadata__"] = dict(sorted(header["__metadata__"].items()))
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (length - len(encoded))
    assert len(encoded) == length, "sorted header must keep its length"
    path.write_bytes(raw[:8] + encoded + raw[8 + length:])


def seeded(name):
    """A torch.Generator seeded from a case name (stable across runs and machines)."""
    import hashlib
    return torch.Generator().manual_seed(int(hashlib.sha256(name.encode()).hexdigest()[:8], 16))

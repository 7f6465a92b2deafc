"""Hugging Face BERT fixtures (fixtures/bert/).

- `geneformer_small/`: a `transformers.BertForMaskedLM` with Geneformer V1's layer shape (hidden 256,
  4 heads, intermediate 512, ReLU, LayerNorm eps 1e-12) but 3 layers, vocabulary 512 and 128
  positions, random weights (seeded, BERT init), saved with `save_pretrained` in float16 (≈3.6 MB;
  the full 6-layer model would not fit the fixture budget even at this vocabulary).
- `geneformer_small_outputs.safetensors`: token batches with padding (`input.ids`, `input.attention_mask`
  as floats) and, in eval mode, the logits and every hidden state computed in float32 from the
  float16-rounded weights; metadata `parameter_count_geneformer_v1` is transformers' parameter count
  of the full Geneformer V1 configuration (vocabulary 25,426, 6 layers, 2048 positions).

Run: /tmp/venv/bin/python reference/transformer/bert/make_bert_fixtures.py
"""
import pathlib
import shutil
import sys

import torch
from transformers import BertConfig, BertForMaskedLM

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from fixture_writer import save_fixture, seeded  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "bert"


def geneformer_v1_config(**overrides):
    values = dict(vocab_size=25426, hidden_size=256, num_hidden_layers=6, num_attention_heads=4,
                  intermediate_size=512, hidden_act="relu", max_position_embeddings=2048, layer_norm_eps=1e-12,
                  hidden_dropout_prob=0.02, attention_probs_dropout_prob=0.02)
    values.update(overrides)
    return BertConfig(**values)


def token_batch(generator, vocabulary, lengths, length):
    """Ids in 1..vocabulary-1 for real tokens, 0 (the pad id) after each length."""
    ids = torch.randint(1, vocabulary, (len(lengths), length), generator=generator)
    mask = torch.arange(length)[None, :] < torch.tensor(lengths)[:, None]
    return ids.masked_fill(~mask, 0), mask


def outputs(model, ids, mask):
    with torch.no_grad():
        result = model(input_ids=ids, attention_mask=mask.long(), output_hidden_states=True)
    return result.logits, result.hidden_states


def main():
    torch.manual_seed(seeded("bert.geneformer_small").initial_seed())
    config = geneformer_v1_config(vocab_size=512, max_position_embeddings=128, num_hidden_layers=3)
    model = BertForMaskedLM(config).eval()
    with torch.no_grad():  # random (not zero) biases and norm affines so that every mapping matters
        for name, parameter in model.named_parameters():
            if name.endswith("bias") or "LayerNorm" in name:
                parameter.add_(0.05 * torch.randn_like(parameter))
        for parameter in model.parameters():  # weights as float16 stores them
            parameter.copy_(parameter.half().float())
    directory = OUT / "geneformer_small"
    shutil.rmtree(directory, ignore_errors=True)
    model.half().save_pretrained(directory, safe_serialization=True)
    model.float()

    generator = seeded("bert.batch")
    ids, mask = token_batch(generator, config.vocab_size, [16, 11, 5], 16)
    logits, hidden_states = outputs(model, ids, mask)
    tensors = {"input.ids": ids.float(), "input.attention_mask": mask.float(), "logits": logits}
    tensors.update({f"hidden_states.{i}": h for i, h in enumerate(hidden_states)})
    full = BertForMaskedLM(geneformer_v1_config())
    save_fixture(OUT / "geneformer_small_outputs.safetensors", tensors, {
        "parameter_count_geneformer_v1": sum(p.numel() for p in full.parameters()),
        "parameter_names": sorted(n for n, _ in model.named_parameters()),
    })
    print("parameters (full Geneformer V1):", sum(p.numel() for p in full.parameters()))


if __name__ == "__main__":
    main()

"""Reverse check: a BERT directory saved by the Swift code loads into transformers and gives the
fixture's logits and hidden states.

Produce the directory with the Swift round-trip test:
  SMITHY_BERT_EXPORT=/tmp/swift_bert swift test -c release --disable-swift-testing \
      --filter HuggingFaceBERTTests/testSaveLoadRoundTrip
then run: /tmp/venv/bin/python reference/transformer/bert/check_swift_export.py /tmp/swift_bert
"""
import pathlib
import sys

import torch
from safetensors.torch import load_file
from transformers import BertForMaskedLM

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "bert" / "geneformer_small_outputs.safetensors"


def main(directory):
    model = BertForMaskedLM.from_pretrained(directory).eval()
    expected = load_file(str(FIXTURE))
    ids = expected["input.ids"].long()
    mask = expected["input.attention_mask"].long()
    with torch.no_grad():
        result = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
    worst = (result.logits - expected["logits"]).abs().max().item()
    for i, h in enumerate(result.hidden_states):
        worst = max(worst, (h - expected[f"hidden_states.{i}"]).abs().max().item())
    tied = torch.equal(model.cls.predictions.decoder.weight, model.bert.embeddings.word_embeddings.weight)
    print(f"max |difference| over logits and hidden states: {worst:.3g}; decoder tied: {tied}")
    return 0 if worst < 1e-4 and tied else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

"""PyTorch twin of `smithy bench toolkit`: the same cases, the same JSON line format.

- encoder_layer_*: nn.TransformerEncoderLayer (post-norm, d 256, 4 heads, ffn 512, ReLU, dropout 0.1), training mode.
- greedy_*: nn.Transformer (d 256, 8 heads, 3+3, ffn 1024, vocab 8,000), batched, recomputing the
  full prefix every step (nn.Transformer has no cache); `_cached` cases have no PyTorch twin.

The whole-model cases (Geneformer MLM, translation training, beam-4) are training_bench.py's.
"""
import math
import statistics

import torch
import torch.nn as nn

import bench_common
from bench_common import measure


def record(case, seconds, tokens, **extra):
    bench_common.record("toolkit", case, seconds, tokens_per_s=round(tokens / statistics.median(seconds)), **extra)


def encoder_layer(batch, length, repeats):
    layer = nn.TransformerEncoderLayer(256, 4, 512, dropout=0.1, batch_first=True).train()
    x = torch.randn(batch, length, 256, requires_grad=True)
    cotangent = torch.randn(batch, length, 256)

    def step():
        layer.zero_grad(set_to_none=True)
        x.grad = None
        layer(x).backward(cotangent)

    record(f"encoder_layer_B{batch}_L{length}", measure(step, repeats), batch * length)


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.source = nn.Embedding(8000, 256)
        self.target = nn.Embedding(8000, 256)
        self.transformer = nn.Transformer(256, 8, 3, 3, 1024, dropout=0.1, batch_first=True)
        self.output = nn.Linear(256, 8000)
        position = torch.arange(512).unsqueeze(1)
        rate = torch.exp(torch.arange(0, 256, 2) * (-math.log(10000.0) / 256))
        table = torch.zeros(512, 256)
        table[:, 0::2], table[:, 1::2] = torch.sin(position * rate), torch.cos(position * rate)
        self.register_buffer("positions", table)

    def embed(self, table, ids):
        return table(ids) * 16.0 + self.positions[: ids.shape[1]]

    def next_log_probabilities(self, memory, prefix):
        length = prefix.shape[1]
        causal = self.transformer.generate_square_subsequent_mask(length)
        hidden = self.transformer.decoder(self.embed(self.target, prefix), memory, tgt_mask=causal)
        return torch.log_softmax(self.output(hidden[:, -1]), -1)


def decoding(beam, repeats):
    model = Seq2Seq().eval()
    sentences, length, generated = 32, 20, 20
    source = torch.randint(4, 8000, (sentences, length))

    @torch.no_grad()
    def greedy():
        memory = model.transformer.encoder(model.embed(model.source, source))
        prefix = torch.ones(sentences, 1, dtype=torch.long)
        for _ in range(generated):
            prefix = torch.cat([prefix, model.next_log_probabilities(memory, prefix).argmax(-1, keepdim=True)], 1)

    @torch.no_grad()
    def beam_search():
        memory = model.transformer.encoder(model.embed(model.source, source)).repeat_interleave(beam, 0)
        prefix = torch.ones(sentences * beam, 1, dtype=torch.long)
        scores = torch.zeros(sentences, beam)
        scores[:, 1:] = -float("inf")
        for _ in range(generated):
            log_probabilities = model.next_log_probabilities(memory, prefix).view(sentences, beam, -1)
            candidates = (scores.unsqueeze(-1) + log_probabilities).view(sentences, -1)
            scores, flat = candidates.topk(beam, -1)
            origin = flat // 8000 + torch.arange(sentences).unsqueeze(1) * beam
            prefix = torch.cat([prefix[origin.view(-1)], (flat % 8000).view(-1, 1)], 1)

    body = greedy if beam == 1 else beam_search
    seconds = measure(body, repeats)
    name = "greedy" if beam == 1 else f"beam{beam}"
    record(f"{name}_uncached_S{sentences}_L{length}", seconds, sentences * generated,
           sentences_per_s=round(sentences / statistics.median(seconds), 1))


def main():
    args = bench_common.argument_parser(default_repeats=6).parse_args()
    bench_common.start(args)
    for batch, length in [(8, 512), (2, 2048)]:
        encoder_layer(batch, length, args.repeats)
    decoding(1, max(2, args.repeats // 2))


if __name__ == "__main__":
    main()

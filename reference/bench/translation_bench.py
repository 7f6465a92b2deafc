"""PyTorch twin of `smithy bench translation`: the same cases, the same JSON line format.

nn.Transformer (post-norm, ReLU, dropout 0.1) with separate source/target embeddings ×√d, sinusoidal
positions and an output projection, vocabulary 8000:
- train_step_{small,base}_32x24: one Adam(0.9, 0.98, 1e-9) step on a [32, 24] → [32, 24] batch
  (forward, label-smoothed cross-entropy, backward, clip_grad_norm_ 1, step); target tokens/s.
- beam4_uncached_small: beam-4 search over 16 sentences of 16 tokens for 20 steps, re-running the
  decoder on the whole prefix every step (nn.Transformer has no key/value cache, so there is no
  cached twin); sentences/s.

Run through `compare.py translation`.
"""
import argparse
import math
import statistics

import torch
from torch import nn

import bench_common
from bench_common import measure

VOCABULARY, BATCH, LENGTH = 8000, 32, 24
DECODE_SENTENCES, DECODE_SOURCE_LENGTH, DECODE_LENGTH, BEAM = 16, 16, 20, 4
SHAPES = {"small": (256, 4, 3, 1024), "base": (512, 8, 6, 2048)}


def record(case, seconds, **extra):
    bench_common.record("translation", case, seconds, **extra)


class Seq2Seq(nn.Module):
    def __init__(self, dimension, heads, layers, feed_forward):
        super().__init__()
        self.dimension = dimension
        self.source_embedding = nn.Embedding(VOCABULARY, dimension)
        self.target_embedding = nn.Embedding(VOCABULARY, dimension)
        self.transformer = nn.Transformer(dimension, heads, layers, layers, feed_forward, dropout=0.1, batch_first=True)
        self.output = nn.Linear(dimension, VOCABULARY)
        position = torch.arange(512).unsqueeze(1)
        frequencies = torch.exp(torch.arange(0, dimension, 2) * (-math.log(10000.0) / dimension))
        table = torch.zeros(512, dimension)
        table[:, 0::2], table[:, 1::2] = torch.sin(position * frequencies), torch.cos(position * frequencies)
        self.register_buffer("positions", table)

    def embed(self, table, ids):
        return table(ids) * math.sqrt(self.dimension) + self.positions[: ids.shape[1]]

    def encode(self, source):
        return self.transformer.encoder(self.embed(self.source_embedding, source))

    def decode(self, target, memory):
        mask = nn.Transformer.generate_square_subsequent_mask(target.shape[1])
        return self.output(self.transformer.decoder(self.embed(self.target_embedding, target), memory, tgt_mask=mask, tgt_is_causal=True))

    def forward(self, source, target):
        return self.decode(target, self.encode(source))


def train_step_case(name, repeats):
    torch.manual_seed(0)
    model = Seq2Seq(*SHAPES[name])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98), eps=1e-9)
    loss_function = nn.CrossEntropyLoss(label_smoothing=0.1)
    source, target_input, target_output = (torch.randint(4, VOCABULARY, (BATCH, LENGTH)) for _ in range(3))

    def step():
        optimizer.zero_grad()
        logits = model(source, target_input)
        loss = loss_function(logits.reshape(-1, VOCABULARY), target_output.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    seconds = measure(step, repeats)
    record(f"train_step_{name}_{BATCH}x{LENGTH}", seconds,
           target_tokens_per_s=round(BATCH * LENGTH / statistics.median(seconds)),
           parameters=sum(p.numel() for p in model.parameters()))


def beam_search(model, source):
    """Batched beam search, full prefix every step, no early stop (as the Swift case with no end token)."""
    with torch.no_grad():
        sentences = source.shape[0]
        memory = model.encode(source).repeat_interleave(BEAM, dim=0)
        prefixes = torch.ones(sentences * BEAM, 1, dtype=torch.long)
        scores = torch.full((sentences, BEAM), -math.inf)
        scores[:, 0] = 0
        for _ in range(DECODE_LENGTH):
            log_probabilities = model.decode(prefixes, memory)[:, -1].log_softmax(-1).view(sentences, BEAM, -1)
            totals = (scores.unsqueeze(-1) + log_probabilities).view(sentences, -1)
            scores, best = totals.topk(BEAM, dim=-1)
            parents = (best // VOCABULARY) + torch.arange(sentences).unsqueeze(1) * BEAM
            prefixes = torch.cat([prefixes[parents.view(-1)], (best % VOCABULARY).view(-1, 1)], dim=1)
        return prefixes


def beam_case(repeats):
    torch.manual_seed(1)
    model = Seq2Seq(*SHAPES["small"]).eval()
    source = torch.randint(4, VOCABULARY, (DECODE_SENTENCES, DECODE_SOURCE_LENGTH))
    seconds = measure(lambda: beam_search(model, source), repeats)
    record("beam4_uncached_small", seconds, sentences_per_s=round(DECODE_SENTENCES / statistics.median(seconds), 2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for name in SHAPES:
        train_step_case(name, args.repeats)
    beam_case(args.repeats)


if __name__ == "__main__":
    main()

"""PyTorch twin of `smithy bench training`: the same cases, the same JSON line format.

Run one case (and one --variant) per process, as `compare.py training` does: peak RSS is per process.

- mlm-geneformer (8x512, 2x2048) and mlm-geneformer-4096 (1x4096), Geneformer V1 shapes (vocabulary
  25,426, d 256, 4 heads, ffn 512, 6 post-norm layers, ReLU, LayerNorm eps 1e-12, dropout 0.02;
  attention dropout 0.02, 0 for the 4096 case as ours), 15% of tokens masked:
  * variant `torch`: hand-written PyTorch (BERT embeddings, fused QKV projection,
    F.scaled_dot_product_attention, tied decoder) with logits at the masked positions only — the
    fastest PyTorch version of the step;
  * variant `hf`: Hugging Face BertForMaskedLM as users run it (logits at every position, labels
    -100 except the masked ones, the default attention implementation).
- mt-small / mt-base: nn.Transformer (post-norm, ReLU, dropout 0.1; d 256, 8 heads, 3+3, ffn 1024 /
  d 512, 8 heads, 6+6, ffn 2048), separate embeddings ×√d + sinusoidal positions + output projection,
  vocabulary 8000; one Adam(0.9, 0.98, 1e-9) step on [32, 24] → [32, 24] with label smoothing 0.1
  and clip_grad_norm_ 1.
- beam4-small: beam-4 search, 16 sentences of 16 tokens, 20 steps, batched; the decoder re-runs on
  the whole prefix every step (nn.Transformer has no key/value cache).
"""
import math
import statistics

import torch
import torch.nn.functional as F
from torch import nn

import bench_common
from bench_common import measure

VOCABULARY_MLM = 25426
VOCABULARY, BATCH, LENGTH = 8000, 32, 24
DECODE_SENTENCES, DECODE_SOURCE_LENGTH, DECODE_LENGTH, BEAM = 16, 16, 20, 4
SHAPES = {"mt-small": (256, 8, 3, 1024), "mt-base": (512, 8, 6, 2048)}
MLM_SHAPES = {"mlm-geneformer": [(8, 512), (2, 2048)], "mlm-geneformer-4096": [(1, 4096)]}


def record(case, variant, batch, seq, seconds, tokens, **extra):
    bench_common.record("training", case, seconds, variant=variant, batch=batch, seq=seq,
                        tokens_per_s=round(tokens / statistics.median(seconds)), **extra)


# MARK: masked LM

class BertLayer(nn.Module):
    def __init__(self, d, heads, ffn, dropout, attention_dropout):
        super().__init__()
        self.heads, self.dropout, self.attention_dropout = heads, dropout, attention_dropout
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-12), nn.LayerNorm(d, eps=1e-12)
        self.ff1, self.ff2 = nn.Linear(d, ffn), nn.Linear(ffn, d)

    def forward(self, x):
        b, l, d = x.shape
        q, k, v = self.qkv(x).view(b, l, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, dropout_p=self.attention_dropout if self.training else 0.0)
        a = a.transpose(1, 2).reshape(b, l, d)
        x = self.norm1(x + F.dropout(self.out(a), self.dropout, self.training))
        return self.norm2(x + F.dropout(self.ff2(F.relu(self.ff1(x))), self.dropout, self.training))


class HandWrittenMLM(nn.Module):
    """BERT-shaped masked LM whose head runs only on the masked rows."""

    def __init__(self, positions, attention_dropout, d=256, heads=4, ffn=512, layers=6, dropout=0.02):
        super().__init__()
        self.word = nn.Embedding(VOCABULARY_MLM, d, padding_idx=0)
        self.position, self.token_type = nn.Embedding(positions, d), nn.Embedding(2, d)
        self.norm = nn.LayerNorm(d, eps=1e-12)
        self.dropout = dropout
        self.layers = nn.ModuleList(BertLayer(d, heads, ffn, dropout, attention_dropout) for _ in range(layers))
        self.transform, self.head_norm = nn.Linear(d, d), nn.LayerNorm(d, eps=1e-12)
        self.decoder_bias = nn.Parameter(torch.zeros(VOCABULARY_MLM))

    def loss(self, ids, selected):
        b, l = ids.shape
        x = self.word(ids) + self.position.weight[:l] + self.token_type.weight[0]
        x = F.dropout(self.norm(x), self.dropout, self.training)
        for layer in self.layers:
            x = layer(x)
        h = self.head_norm(F.relu(self.transform(x[selected])))
        logits = F.linear(h, self.word.weight, self.decoder_bias)
        return F.cross_entropy(logits, ids[selected])


def mlm_case(case, batch, length, variant, repeats):
    torch.manual_seed(0)
    attention_dropout = 0.0 if length > 2048 else 0.02
    ids = torch.randint(2, VOCABULARY_MLM, (batch, length))
    selected = torch.rand(batch, length) < 0.15
    extra = {"masked_positions": int(selected.sum())}
    if variant == "torch":
        model = HandWrittenMLM(max(2048, length), attention_dropout).train()

        def step():
            model.zero_grad(set_to_none=True)
            model.loss(ids, selected).backward()
    else:
        from transformers import BertConfig, BertForMaskedLM
        config = BertConfig(vocab_size=VOCABULARY_MLM, hidden_size=256, num_hidden_layers=6, num_attention_heads=4,
                            intermediate_size=512, hidden_act="relu", max_position_embeddings=max(2048, length),
                            layer_norm_eps=1e-12, hidden_dropout_prob=0.02, attention_probs_dropout_prob=attention_dropout)
        model = BertForMaskedLM(config).train()
        labels = torch.where(selected, ids, torch.full_like(ids, -100))
        mask = torch.ones(batch, length, dtype=torch.long)
        extra["attention"] = model.config._attn_implementation

        def step():
            model.zero_grad(set_to_none=True)
            model(input_ids=ids, attention_mask=mask, labels=labels).loss.backward()
    record(case, variant, batch, length, measure(step, repeats), batch * length, **extra)


# MARK: translation

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
        return self.output(self.transformer.decoder(self.embed(self.target_embedding, target), memory, tgt_mask=mask,
                                                    tgt_is_causal=True))

    def forward(self, source, target):
        return self.decode(target, self.encode(source))


def translation_case(case, repeats):
    torch.manual_seed(0)
    model = Seq2Seq(*SHAPES[case])
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

    record(case, "torch", BATCH, LENGTH, measure(step, repeats), BATCH * LENGTH,
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
    model = Seq2Seq(*SHAPES["mt-small"]).eval()
    source = torch.randint(4, VOCABULARY, (DECODE_SENTENCES, DECODE_SOURCE_LENGTH))
    seconds = measure(lambda: beam_search(model, source), repeats)
    record("beam4-small", "torch-uncached", DECODE_SENTENCES, DECODE_SOURCE_LENGTH, seconds,
           DECODE_SENTENCES * DECODE_LENGTH, beam=BEAM, generated=DECODE_LENGTH,
           sentences_per_s=round(DECODE_SENTENCES / statistics.median(seconds), 2))


def main():
    parser = bench_common.argument_parser(default_repeats=None)
    parser.add_argument("--case", required=True, choices=list(MLM_SHAPES) + list(SHAPES) + ["beam4-small"])
    parser.add_argument("--shape", help="BxL of an MLM case (default: all its shapes)")
    parser.add_argument("--variant", default="torch", choices=["torch", "hf"], help="MLM cases: hand-written or Hugging Face")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)  # each case seeds itself
    if args.case in MLM_SHAPES:
        for batch, length in MLM_SHAPES[args.case]:
            if args.shape in (None, f"{batch}x{length}"):
                mlm_case(args.case, batch, length, args.variant, args.repeats or (3 if length > 2048 else 5))
    elif args.case in SHAPES:
        translation_case(args.case, args.repeats or (10 if args.case == "mt-small" else 5))
    else:
        beam_case(args.repeats or 5)


if __name__ == "__main__":
    main()

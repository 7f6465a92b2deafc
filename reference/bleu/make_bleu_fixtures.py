#!/usr/bin/env python3
"""Writes `bleu_fixtures.json`: corpus BLEU cases scored by the real sacreBLEU package.

The Swift tests (`SmithyTextTests`) read the JSON; Python never runs in tests or CI.
Regenerate with a Python that has sacreBLEU 2.x installed:

    python3 -m venv /tmp/venv-text && /tmp/venv-text/bin/pip install sacrebleu
    /tmp/venv-text/bin/python reference/bleu/make_bleu_fixtures.py

Each case holds the hypotheses, one or more reference streams, the options passed to
`sacrebleu.metrics.BLEU`, and what sacreBLEU reported: score, precisions, brevity penalty,
lengths, signature, and the corpus n-gram statistics (`counts`/`totals`). The statistics are the
summed segment statistics before smoothing: with `add-k`, sacreBLEU's `BLEUScore.counts` would
include the added k for orders 2..4, which is a smoothing artefact, not a count.
"""

import json
import random
from pathlib import Path

import sacrebleu
from sacrebleu.metrics import BLEU
from sacrebleu.utils import sum_of_lists

HERE = Path(__file__).resolve().parent
MULTI30K = HERE.parent / "multi30k"


def score_case(name, hypotheses, references, tokenize="13a", lowercase=False,
               smooth_method="exp", smooth_value=None, effective_order=False):
    metric = BLEU(lowercase=lowercase, tokenize=tokenize, smooth_method=smooth_method,
                  smooth_value=smooth_value, effective_order=effective_order)
    result = metric.corpus_score(hypotheses, references)
    stats = sum_of_lists(metric._extract_corpus_statistics(hypotheses, references))
    order = metric.max_ngram_order
    counts = [int(c) for c in stats[2:2 + order]]
    totals = [int(t) for t in stats[2 + order:]]
    if smooth_method != "add-k":
        assert counts == list(result.counts) and totals == list(result.totals), name
    return {
        "name": name,
        "hypotheses": list(hypotheses),
        "references": [list(stream) for stream in references],
        "options": {
            "tokenize": tokenize,
            "lowercase": lowercase,
            "smooth_method": smooth_method,
            "smooth_value": smooth_value,
            "effective_order": effective_order,
        },
        "expected": {
            "score": result.score,
            "counts": counts,
            "totals": totals,
            "precisions": list(result.precisions),
            "bp": result.bp,
            "sys_len": result.sys_len,
            "ref_len": result.ref_len,
            "signature": str(metric.get_signature()),
            "formatted": result.format(width=1, signature=str(metric.get_signature())),
        },
    }


def handwritten_cases():
    """Edge cases: empty lines, punctuation, Unicode, very short hypotheses, tokenizer quirks."""
    cases = []
    add = lambda *args, **kwargs: cases.append(score_case(*args, **kwargs))

    basic_hyp = ["The cat sat on the mat.", "A man is playing a guitar on stage."]
    basic_ref = [["The cat is sitting on the mat.", "A man plays the guitar on a stage."]]
    for tok in ("13a", "intl", "none"):
        for lc in (False, True):
            add(f"basic-{tok}-lc{lc}", basic_hyp, basic_ref, tokenize=tok, lowercase=lc)
    for smooth, value in (("exp", None), ("floor", None), ("floor", 0.5), ("add-k", None),
                          ("add-k", 2), ("none", None)):
        add(f"smoothing-{smooth}-{value}", ["a b c d e f", "x y"], [["a b c x e f", "x z"]],
            smooth_method=smooth, smooth_value=value)
        add(f"smoothing-short-{smooth}-{value}", ["hello there", "ok"], [["hello there", "no"]],
            smooth_method=smooth, smooth_value=value)
    add("effective-order", ["a b c", "d e"], [["a b x", "d e"]], effective_order=True)
    add("effective-order-none", ["a b c", "d e"], [["a b x", "d e"]], effective_order=True,
        smooth_method="none")

    add("empty-hypothesis-line", ["", "the dog runs"], [["a dog runs", "the dog runs"]])
    add("empty-reference-line", ["a dog runs", "the dog runs"], [["", "the dog runs"]])
    add("all-empty-hypotheses", ["", ""], [["a dog", "runs fast"]])
    add("all-empty-both", ["", ""], [["", ""]])
    add("no-match-at-all", ["foo bar baz"], [["qux quux corge"]])
    add("single-word-hyp", ["dog"], [["the dog is brown"]])
    add("two-word-hyp", ["the dog"], [["the dog is brown"]])
    add("three-word-hyp", ["the dog is"], [["the dog is brown"]])
    add("identical", ["the quick brown fox jumps over the lazy dog"],
        [["the quick brown fox jumps over the lazy dog"]])
    add("longer-than-ref", ["the the the the the the the"], [["the cat is on the mat"]])
    add("clipping", ["the the the the", "cat cat"], [["the cat the", "cat"]])

    punctuation = [
        'He said: "Hello, world!" (twice) -- and left...',
        "Prices: $5.00, 1,000 units; 3.14 pi; 1990-1995 & more",
        "e.g., U.S.A. vs. U.K.; a.b,c 1.a a.1 ,x x, .5 5.",
        "[brackets] {braces} <angle> `tick` ^caret^ _under_ |pipe| ~tilde~ @at #hash %pct *star +plus =eq ?q /slash\\",
        "don't can't it's rock'n'roll -dash- well-known 3-4 a-3 --",
        "end.", ".start", ",", ".", "...", "?!", "a.", "1.", "1,", ",1", "a,b", "1,5", "1.5.", "x-1-2-y",
    ]
    add("punctuation-13a", punctuation, [list(reversed(punctuation))])
    add("punctuation-self-13a", punctuation, [punctuation])
    add("punctuation-intl", punctuation, [list(reversed(punctuation))], tokenize="intl")
    add("punctuation-self-intl", punctuation, [punctuation], tokenize="intl")
    add("punctuation-none", punctuation, [list(reversed(punctuation))], tokenize="none")

    entities = [
        "He said &quot;hi&quot; &amp; left",
        "a &lt;b&gt; c &amp;quot; d &amp;amp; e",
        "x & y &quot &amp &#39; <skipped> z",
        "no entity here",
        "line-\nbreak and\nnewline",
        "<skipped><skipped>",
    ]
    add("entities-13a", entities, [["He said \"hi\" & left", "a <b> c &quot; d &amp; e",
                                     "x & y &quot &amp &#39; z", "no entity here",
                                     "linebreak and newline", ""]])
    add("entities-intl", entities, [["He said \"hi\" & left", "a <b> c &quot; d &amp; e",
                                      "x & y &quot &amp &#39; z", "no entity here",
                                      "linebreak and newline", ""]], tokenize="intl")

    unicode_hyp = [
        "Über den Bäumen fliegt ein großer Vogel.",
        "Die Straße ist naß, sagt Jürgen.",
        "我喜欢学习。你呢？",
        "東京は日本の首都です、そうですね。",
        "I ❤️ pizza 🍕 and 🐍 code!",
        "Café résumé naïve façade — “quoted” ‘single’ «guillemets» ¿qué? ¡sí!",
        "ΟΔΟΣ ΣΟΦΟΣ Σ",
        "İstanbul IŞIK ıi",
        "ﬁne ﬂow Å Ω K",
        "price 5€ 10£ 3¥ ±2 ≤ ≥ ∑ √ ° ™ ©",
        "numbers ٣٤٥ ½ ² Ⅻ",
        "e\u0301cole vs \u00e9cole",
        "ẞ STRASSE straße",
    ]
    unicode_ref = [
        "Über den Bäumen fliegt ein großer Vogel!",
        "Die Strasse ist nass, sagt Jürgen.",
        "我喜欢学习。 你呢?",
        "東京は日本の首都です。",
        "I ❤ pizza 🍕 and 🐍 code.",
        "Cafe resume naive facade - \"quoted\" 'single' <<guillemets>> ¿que? ¡si!",
        "οδος σοφος σ",
        "istanbul ışık Iİ",
        "fine flow Å Ω K",
        "price 5 € 10 £ 3 ¥ ± 2 <= >= sum sqrt deg tm (c)",
        "numbers 345 1/2 2 12",
        "\u00e9cole vs e\u0301cole",
        "ß strasse STRASSE",
    ]
    for tok in ("13a", "intl", "none"):
        for lc in (False, True):
            add(f"unicode-{tok}-lc{lc}", unicode_hyp, [unicode_ref], tokenize=tok, lowercase=lc)

    whitespace = [
        "  leading and trailing spaces  ",
        "tabs\tbetween\twords",
        "no\u00a0break\u00a0space",
        "ideographic\u3000space",
        "zero\u200bwidth\u200bspace",
        "thin\u2009space and\u202fnarrow",
        "separators\x1cfile\x1dgroup\x1erecord\x1funit",
        "next\x85line",
        "vertical\x0btab\x0cfeed",
        "carriage\rreturn",
        "trailing tab\t",
        "   ",
    ]
    whitespace_ref = [" ".join(line.split()) for line in whitespace]
    for tok in ("13a", "intl", "none"):
        add(f"whitespace-{tok}", whitespace, [whitespace_ref], tokenize=tok)

    add("two-references", ["the cat is on the mat", "there is a dog"],
        [["the cat sat on the mat", "a dog is there"], ["a cat is on a mat", "there is a big dog"]])
    add("two-references-length-tie", ["a b c d e"],
        [["a b c d"], ["a b c d e f"]])
    add("three-references-lc", ["The Cat", "A DOG runs."],
        [["the cat", "a dog runs ."], ["THE CAT sleeps", "dog"], ["cat", "A dog runs."]],
        lowercase=True)
    return cases


def random_cases(rng):
    """Random sentences from a small vocabulary with punctuation, numbers and Unicode."""
    vocab = ("the a cat dog man woman is are on in with and of to plays running red blue big small "
             "Hund Katze Straße Äpfel über schön ça déjà 東京 猫 🙂 "
             "1 2 10 3.5 1,000 1990-2000 . , ! ? ; : - -- \" ' ( ) & &amp; &quot; / % $ € … — «").split()
    cases = []
    for i in range(60):
        n_lines = rng.randint(1, 12)
        hyps, refs = [], []
        for _ in range(n_lines):
            ref = [rng.choice(vocab) for _ in range(rng.randint(0, 15))]
            hyp = [w for w in ref if rng.random() > 0.25]
            for _ in range(rng.randint(0, 4)):
                hyp.insert(rng.randint(0, len(hyp)), rng.choice(vocab))
            glue = lambda words: "".join(w + rng.choice([" ", " ", " ", "", "  "]) for w in words)
            hyps.append(glue(hyp))
            refs.append(glue(ref))
        options = {
            "tokenize": rng.choice(["13a", "13a", "intl", "none"]),
            "lowercase": rng.random() < 0.3,
            "smooth_method": rng.choice(["exp", "exp", "floor", "add-k", "none"]),
            "effective_order": rng.random() < 0.15,
        }
        cases.append(score_case(f"random-{i:02d}", hyps, [refs], **options))
    return cases


def perturb(line, rng):
    words = line.split()
    out = []
    for w in words:
        r = rng.random()
        if r < 0.08:
            continue
        if r < 0.14:
            out.append(w.lower())
        elif r < 0.18:
            out.append(w + ",")
        else:
            out.append(w)
        if rng.random() < 0.04:
            out.append(rng.choice(["the", "a", "der", "ein", "und"]))
    if len(out) > 3 and rng.random() < 0.2:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def multi30k_cases(rng):
    cases = []
    for lang in ("en", "de"):
        lines = (MULTI30K / f"test.{lang}").read_text(encoding="utf-8").split("\n")[:200]
        hyps = [perturb(line, rng) for line in lines]
        for tok in ("13a", "intl"):
            cases.append(score_case(f"multi30k-test200-{lang}-{tok}", hyps, [lines], tokenize=tok))
        cases.append(score_case(f"multi30k-test200-{lang}-lc", hyps, [lines], lowercase=True))
    return cases


def main():
    rng = random.Random(20261123)
    cases = handwritten_cases() + random_cases(rng) + multi30k_cases(rng)
    fixture = {"sacrebleu_version": sacrebleu.__version__, "cases": cases}
    out = HERE / "bleu_fixtures.json"
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

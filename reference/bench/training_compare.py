"""`compare.py training`: the issue-6 table. Every case runs in its own process on both sides (peak RSS
is per process): `smithy bench training --case C [--shape BxL]`, then training_bench.py's twins of it
(for the MLM cases the hand-written masked-only PyTorch model and Hugging Face BertForMaskedLM). The
raw `cblas_sgemm` rate is measured by `smithy bench training --case sgemm` at the start and at the end
of the same run (the better one is the machine's rate: the run shares the CPU with others).

Columns: median ms/step (min-max), tokens/s (sentences/s for beam4), ratio = their median ms / ours
(above 1: we are faster) and the same for the fastest runs (less sensitive to a busy machine), peak RSS of each process, our GFLOP/s as a fraction of the sgemm rate
and PyTorch's with the same FLOP count (the model's GEMM FLOPs with masked-only logits: see
Sources/smithy/Benchmarks/TrainingBenchmark.swift).
"""
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
# (case, shape, default repeats, PyTorch variants)
JOBS = [("mlm-geneformer", "8x512", 5, ["torch", "hf"]), ("mlm-geneformer", "2x2048", 5, ["torch", "hf"]),
        ("mlm-geneformer-4096", None, 3, ["torch", "hf"]), ("mt-small", None, 10, ["torch"]),
        ("mt-base", None, 5, ["torch"]), ("beam4-small", None, 5, ["torch"])]


def run(command, env, log):
    print("$", " ".join(command), file=sys.stderr, flush=True)
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        return []
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    for line in lines:
        print(json.dumps(line, sort_keys=True), file=sys.stderr, flush=True)
        log.append(line)
    return lines


def main(args, env):
    threads = str(args.threads)
    log = []
    ours_command = [args.smithy, "bench", "training", "--json", "--threads", threads]
    sgemm = run(ours_command + ["--case", "sgemm"], env, log)
    rows = []
    for case, shape, repeats, variants in JOBS:
        if args.case and case not in args.case:
            continue
        repeats = str(args.repeats or repeats)
        selector = ["--case", case] + (["--shape", shape] if shape else [])
        ours = run(ours_command + selector + ["--repeats", repeats], env, log)
        theirs = {}
        for variant in variants:
            lines = run([sys.executable, str(HERE / "training_bench.py"), "--threads", threads, "--repeats", repeats,
                         "--variant", variant] + selector, env, log)
            if lines:
                theirs[lines[0].get("variant", variant)] = lines[0]
        rows.append((case, ours[0] if ours else None, theirs))
    sgemm += run(ours_command + ["--case", "sgemm"], env, log)
    rate = max(line["sgemm_gflops"] for line in sgemm) if sgemm else float("nan")
    if args.save:
        pathlib.Path(args.save).write_text("".join(json.dumps(line, sort_keys=True) + "\n" for line in log))
    print_table(rows, rate, args.threads)


def replay(path):
    """Prints the table again from a --save file: python training_compare.py lines.jsonl"""
    lines = [json.loads(line) for line in open(path)]
    rate = max(line["sgemm_gflops"] for line in lines if line["case"] == "sgemm")
    rows = []
    for case, shape, _, _ in JOBS:
        matching = [line for line in lines if line["case"] == case
                    and (shape is None or f"{line['batch']}x{line['seq']}" == shape)]
        ours = next((line for line in matching if "variant" not in line), None)
        theirs = {line["variant"]: line for line in matching if "variant" in line}
        if ours or theirs:
            rows.append((case, ours, theirs))
    print_table(rows, rate, lines[0]["threads"])



def fmt(line, key, digits=0):
    if not line or key not in line:
        return "-"
    return f"{line[key]:.{digits}f}"


def print_table(rows, rate, threads):
    print(f"threads={threads} on both sides; cblas_sgemm rate {rate:.1f} GFLOP/s (best shape, this run); "
          f"ratio = PyTorch ms / ours (above 1: we are faster); RSS = peak of the case's own process, MiB")
    print("| case | B×L | ours ms (min-max) | ours tok/s | twin | twin ms (min-max) | twin tok/s | ratio | ratio of mins | "
          "ours RSS | twin RSS | RSS ours/twin | ours GFLOP/s | ours % sgemm | twin % sgemm |")
    print("|" + "---|" * 15)
    for case, ours, theirs in rows:
        shape = f"{ours['batch']}×{ours['seq']}" if ours else "-"
        throughput = "sentences_per_s" if case.startswith("beam") else "tokens_per_s"
        spread = f"{fmt(ours, 'ms_median')} ({fmt(ours, 'ms_min')}-{fmt(ours, 'ms_max')})"
        for index, (variant, twin) in enumerate(theirs.items() or [("-", None)]):
            ratio = twin["ms_median"] / ours["ms_median"] if ours and twin else float("nan")
            best_ratio = twin["ms_min"] / ours["ms_min"] if ours and twin else float("nan")
            twin_spread = f"{fmt(twin, 'ms_median')} ({fmt(twin, 'ms_min')}-{fmt(twin, 'ms_max')})"
            rss = ours["peak_rss_mb"] / twin["peak_rss_mb"] if ours and twin else float("nan")
            if ours and "gflop_per_step" in ours:
                flop = ours["gflop_per_step"]
                gflops = f"{ours['gflops']:.1f}"
                ours_fraction = f"{100 * ours['gflops'] / rate:.0f}%"
                twin_fraction = f"{100 * flop / (twin['ms_median'] / 1e3) / rate:.0f}%" if twin else "-"
            else:
                gflops = ours_fraction = twin_fraction = "-"
            first = index == 0
            print(f"| {case if first else ''} | {shape if first else ''} | {spread if first else ''} | "
                  f"{fmt(ours, throughput, 2 if throughput == 'sentences_per_s' else 0) if first else ''} | {variant} | "
                  f"{twin_spread} | {fmt(twin, throughput, 2 if throughput == 'sentences_per_s' else 0)} | {ratio:.2f} | {best_ratio:.2f} | "
                  f"{fmt(ours, 'peak_rss_mb') if first else ''} | {fmt(twin, 'peak_rss_mb')} | {rss:.2f} | "
                  f"{gflops if first else ''} | {ours_fraction if first else ''} | {twin_fraction} |")
        if ours and "uncached_ms_median" in ours:
            twin = next(iter(theirs.values()), None)
            ratio = twin["ms_median"] / ours["uncached_ms_median"] if twin else float("nan")
            print(f"| beam4-small (ours uncached) | {shape} | {ours['uncached_ms_median']:.0f} | "
                  f"{ours['uncached_sentences_per_s']:.2f} | {next(iter(theirs), '-')} | {fmt(twin, 'ms_median')} | "
                  f"{fmt(twin, 'sentences_per_s', 2)} | {ratio:.2f} | | | | | | | |")


if __name__ == "__main__":
    replay(sys.argv[1])

"""Runs a `smithy bench` benchmark and its PyTorch twin in one go, on the same threads, and prints
a table of both times and the ratio (PyTorch time / ours: above 1 means we are faster).

    python reference/bench/compare.py core --threads 2 --repeats 10
    python reference/bench/compare.py training --threads 2     # the issue-6 table (training_compare.py)

Needs a release build (`swift build -c release`) and the venv of reference/core/requirements.txt.
Absolute times on a shared machine are noisy; the ratio, measured in the same run, is the figure.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TWINS = {"core": "core_bench.py", "toolkit": "toolkit_bench.py", "training": "training_bench.py"}


def run_lines(command, env):
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return {line["case"]: line for line in map(json.loads, filter(None, output.splitlines()))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("benchmark", choices=sorted(TWINS))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, help="timed runs per case (default: 10; training: per case)")
    parser.add_argument("--smithy", default=os.environ.get("SMITHY_BIN", str(ROOT / ".build/release/smithy")),
                        help="the release smithy binary (default: $SMITHY_BIN or .build/release/smithy)")
    parser.add_argument("--case", action="append", help="training: only these cases")
    parser.add_argument("--save", help="training: also write every JSON line to this file")
    args = parser.parse_args()
    env = dict(os.environ, SMITHY_THREADS=str(args.threads), OMP_NUM_THREADS=str(args.threads))
    if args.benchmark == "training":
        import training_compare
        return training_compare.main(args, env)
    args.repeats = args.repeats or 10
    ours = run_lines([args.smithy, "bench", args.benchmark,
                      "--threads", str(args.threads), "--repeats", str(args.repeats)], env)
    theirs = run_lines([sys.executable, str(pathlib.Path(__file__).with_name(TWINS[args.benchmark])),
                        "--threads", str(args.threads), "--repeats", str(args.repeats)], env)
    print(f"threads={args.threads} repeats={args.repeats} (median ms; ratio = PyTorch / ours: above 1, we are faster)")
    header = (f"{'case':40} {'ours ms':>9} {'torch ms':>9} {'ratio':>6}  {'ours fwd':>9} {'torch fwd':>9}"
              f"  {'ours tok/s':>10} {'torch tok/s':>11}  {'GFLOP/s':>8} {'vs sgemm':>8}")
    print(header)
    print("-" * len(header))
    for case in list(ours) + [c for c in theirs if c not in ours]:
        mine, twin = ours.get(case, {}), theirs.get(case, {})
        ratio = twin["ms_median"] / mine["ms_median"] if mine and twin else float("nan")
        print(f"{case:40} {mine.get('ms_median', float('nan')):9.2f} {twin.get('ms_median', float('nan')):9.2f} {ratio:6.2f}"
              f"  {mine.get('forward_ms_median', ''):>9} {twin.get('forward_ms_median', ''):>9}"
              f"  {mine.get('tokens_per_s', ''):>10} {twin.get('tokens_per_s', ''):>11}"
              f"  {mine.get('gflops', ''):>8} {mine.get('fraction_of_raw_sgemm', ''):>8}")
    print(f"peak RSS MB: ours {max(l['peak_rss_mb'] for l in ours.values())}, "
          f"torch {max(l['peak_rss_mb'] for l in theirs.values())}")


if __name__ == "__main__":
    main()

"""Timing and output shared by the PyTorch twins: the same JSON line format as `smithy bench`."""
import argparse
import json
import resource
import statistics
import time

import torch


def peak_rss_mb():
    """Peak resident set size of this process in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def measure(body, repeats, warmups=1):
    """Seconds of each of `repeats` timed calls of `body`, after `warmups` untimed ones."""
    for _ in range(warmups):
        body()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        seconds.append(time.perf_counter() - start)
    return seconds


def record(benchmark, case, seconds, **extra):
    """Prints one JSON line: median, min and max in ms, repeats, threads, peak RSS, and `extra`."""
    line = {
        "benchmark": benchmark, "case": case, "threads": torch.get_num_threads(),
        "ms_median": round(statistics.median(seconds) * 1e3, 2),
        "ms_min": round(min(seconds) * 1e3, 2), "ms_max": round(max(seconds) * 1e3, 2),
        "repeats": len(seconds), "peak_rss_mb": peak_rss_mb(),
    }
    line.update(extra)
    print(json.dumps(line, sort_keys=True), flush=True)


def argument_parser(default_repeats):
    """The options every twin takes, as `smithy bench`: --threads (default 2) and --repeats."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=default_repeats)
    return parser


def start(args):
    """Applies --threads to PyTorch and seeds it, before any case runs."""
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)


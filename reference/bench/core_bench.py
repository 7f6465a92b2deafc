"""PyTorch twin of `smithy bench core`: the same cases, the same JSON line format.

Run through `compare.py`, which runs both programs in one go and prints the ratios.
"""
import statistics

import torch

import bench_common


def measure(body, repeats):
    # Two warm-up runs, as `smithy bench core`.
    return bench_common.measure(body, repeats, warmups=2)


def record(case, seconds, **extra):
    bench_common.record("core", case, seconds, **extra)


def matmul_case(m, k, n, repeats):
    a, b = torch.randn(m, k), torch.randn(k, n)
    seconds = measure(lambda: a @ b, repeats)
    record(f"matmul_{m}x{k}x{n}", seconds, gflops=round(2 * m * n * k / statistics.median(seconds) / 1e9, 2))


def bmm_case(batch, m, k, n, repeats):
    a, b = torch.randn(batch, m, k), torch.randn(batch, k, n)
    seconds = measure(lambda: torch.bmm(a, b), repeats)
    record(f"bmm_{batch}x{m}x{k}x{n}", seconds, gflops=round(2 * batch * m * n * k / statistics.median(seconds) / 1e9, 2))


def forward_backward_case(case, x, function, repeats):
    leaf = x.clone().requires_grad_(True)
    with torch.no_grad():
        probe = function(leaf)
    cotangent = torch.randn(probe.shape, generator=torch.Generator().manual_seed(1))

    def forward():
        with torch.no_grad():
            function(leaf)

    def both():
        leaf.grad = None
        function(leaf).backward(cotangent)

    forward_seconds = measure(forward, repeats)
    record(case, measure(both, repeats), forward_ms_median=round(statistics.median(forward_seconds) * 1e3, 2))


def mlp_case(repeats):
    model = torch.nn.Sequential(torch.nn.Linear(1024, 4096), torch.nn.GELU(), torch.nn.Linear(4096, 1024))
    x, target = torch.randn(512, 1024), torch.randn(512, 1024)

    def step():
        model.zero_grad(set_to_none=True)
        torch.nn.functional.mse_loss(model(x), target).backward()

    seconds = measure(step, repeats)
    record("mlp2_512x1024x4096", seconds, gflops=round(3 * 2 * 2 * 512 * 1024 * 4096 / statistics.median(seconds) / 1e9, 2))


def main():
    args = bench_common.argument_parser(default_repeats=10).parse_args()
    bench_common.start(args)
    for m, k, n in [(4096, 256, 768), (4096, 512, 256), (4096, 256, 25426), (1024, 1024, 1024)]:
        matmul_case(m, k, n, args.repeats)
    bmm_case(32, 512, 64, 512, args.repeats)
    logits, hidden, wide = torch.randn(4096, 25426), torch.randn(4096, 256), torch.randn(4096, 1024)
    targets = torch.randint(0, 25426, (4096,))
    gamma, beta = torch.randn(256), torch.randn(256)
    F = torch.nn.functional
    cases = [
        ("softmax_4096x25426", logits, lambda t: torch.softmax(t, -1)),
        ("log_softmax_4096x25426", logits, lambda t: torch.log_softmax(t, -1)),
        ("cross_entropy_4096x25426", logits, lambda t: F.cross_entropy(t, targets)),
        ("layer_norm_4096x256", hidden, lambda t: F.layer_norm(t, (256,), gamma, beta)),
        ("gelu_4096x1024", wide, lambda t: F.gelu(t)),
        ("gelu_tanh_4096x1024", wide, lambda t: F.gelu(t, approximate="tanh")),
        ("relu_4096x1024", wide, lambda t: torch.relu(t)),
        ("exp_4096x1024", wide, lambda t: torch.exp(t)),
        ("tanh_4096x1024", wide, lambda t: torch.tanh(t)),
        ("dropout_4096x1024", wide, lambda t: F.dropout(t, 0.1, training=True)),
    ]
    for case, x, function in cases:
        forward_backward_case(case, x, function, args.repeats)
    mlp_case(args.repeats)


if __name__ == "__main__":
    main()

import CBLAS
import SmithyNN
import SmithyTensor

/// The core benchmark: matrix products against raw `cblas_sgemm`, and forward + backward of the
/// kernels a transformer spends its elementwise time in. `reference/bench/core_bench.py` runs
/// the same cases in PyTorch.
enum CoreBenchmark {
    static let name = "core"

    /// Runs every case, handing each finished record to `report`.
    static func run(repeats: Int, report: (BenchmarkRecord) -> Void) {
        let generator = RandomGenerator(seed: 0)
        for (m, k, n) in [(4096, 256, 768), (4096, 512, 256), (4096, 256, 25426), (1024, 1024, 1024)] {
            report(matmulCase(m: m, k: k, n: n, repeats: repeats, generator: generator))
        }
        report(batchedMatmulCase(batch: 32, m: 512, k: 64, n: 512, repeats: repeats, generator: generator))

        let logits = Tensor.randomNormal([4096, 25426], generator: generator)
        let hidden = Tensor.randomNormal([4096, 256], generator: generator)
        let wide = Tensor.randomNormal([4096, 1024], generator: generator)
        let targets = (0..<4096).map { _ in generator.nextIndex(below: 25426) }
        let gamma = Tensor.randomNormal([256], generator: generator), beta = Tensor.randomNormal([256], generator: generator)
        let cases: [(String, Tensor, (Tensor) -> Tensor)] = [
            ("softmax_4096x25426", logits, { $0.softmax() }),
            ("log_softmax_4096x25426", logits, { $0.logSoftmax() }),
            ("cross_entropy_4096x25426", logits, { crossEntropy(logits: $0, targets: targets) }),
            ("layer_norm_4096x256", hidden, { $0.layerNorm(weight: gamma, bias: beta) }),
            ("gelu_4096x1024", wide, { $0.gelu() }),
            ("gelu_tanh_4096x1024", wide, { $0.gelu(approximate: .tanh) }),
            ("relu_4096x1024", wide, { $0.relu() }),
            ("exp_4096x1024", wide, { $0.exp() }),
            ("tanh_4096x1024", wide, { $0.tanh() }),
            ("dropout_4096x1024", wide, { $0.dropout(0.1, generator: generator) }),
        ]
        for (label, input, function) in cases {
            report(forwardBackwardCase(label, input: input, repeats: repeats, function))
        }
        report(mlpCase(repeats: repeats, generator: generator))
    }

    private static func matmulCase(m: Int, k: Int, n: Int, repeats: Int, generator: RandomGenerator) -> BenchmarkRecord {
        let a = Tensor.randomNormal([m, k], generator: generator), b = Tensor.randomNormal([k, n], generator: generator)
        let raw = Tensor.zeros([m, n])
        let rawTime = Measurement(repeats: repeats) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.pointer, Int32(k), b.pointer, Int32(n), 0, raw.pointer, Int32(n))
        }
        let ours = Measurement(repeats: repeats) { _ = matmul(a, b) }
        let flops = 2.0 * Double(m * n * k)
        var record = BenchmarkRecord(benchmark: name, case: "matmul_\(m)x\(k)x\(n)", ours)
        record["gflops"] = (flops / ours.median / 1e7).rounded() / 100
        record["raw_sgemm_gflops"] = (flops / rawTime.median / 1e7).rounded() / 100
        record["fraction_of_raw_sgemm"] = (rawTime.median / ours.median * 1000).rounded() / 1000
        return record
    }

    private static func batchedMatmulCase(batch: Int, m: Int, k: Int, n: Int, repeats: Int, generator: RandomGenerator) -> BenchmarkRecord {
        let a = Tensor.randomNormal([batch, m, k], generator: generator), b = Tensor.randomNormal([batch, k, n], generator: generator)
        let raw = Tensor.zeros([batch, m, n])
        let rawTime = Measurement(repeats: repeats) {
            for index in 0..<batch {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                            a.pointer + index * m * k, Int32(k), b.pointer + index * k * n, Int32(n), 0,
                            raw.pointer + index * m * n, Int32(n))
            }
        }
        let ours = Measurement(repeats: repeats) { _ = matmul(a, b) }
        let flops = 2.0 * Double(batch * m * n * k)
        var record = BenchmarkRecord(benchmark: name, case: "bmm_\(batch)x\(m)x\(k)x\(n)", ours)
        record["gflops"] = (flops / ours.median / 1e7).rounded() / 100
        record["raw_sgemm_gflops"] = (flops / rawTime.median / 1e7).rounded() / 100
        record["fraction_of_raw_sgemm"] = (rawTime.median / ours.median * 1000).rounded() / 1000
        return record
    }

    /// Forward and backward with a fixed random cotangent.
    private static func forwardBackwardCase(_ label: String, input: Tensor, repeats: Int, _ function: (Tensor) -> Tensor) -> BenchmarkRecord {
        let leaf = input.detached()
        leaf.requiresGrad = true
        let probe = GradientMode.withoutGradients { function(leaf) }
        let cotangent = Tensor.randomNormal(probe.shape, generator: RandomGenerator(seed: 1))
        let forward = Measurement(repeats: repeats) { _ = GradientMode.withoutGradients { function(leaf) } }
        let both = Measurement(repeats: repeats) {
            leaf.grad = nil
            function(leaf).backward(cotangent)
        }
        var record = BenchmarkRecord(benchmark: name, case: label, both)
        record["forward_ms_median"] = (forward.median * 1e5).rounded() / 100
        return record
    }

    /// A 2-layer MLP (1024 → 4096 → 1024, GELU) on a batch of 512, forward + backward of an MSE loss.
    private static func mlpCase(repeats: Int, generator: RandomGenerator) -> BenchmarkRecord {
        let first = Linear(1024, 4096, generator: generator), second = Linear(4096, 1024, generator: generator)
        let input = Tensor.randomNormal([512, 1024], generator: generator)
        let target = Tensor.randomNormal([512, 1024], generator: generator)
        let measurement = Measurement(repeats: repeats) {
            for parameter in first.parameters + second.parameters { parameter.grad = nil }
            meanSquaredError(second(first(input).gelu()), target).backward()
        }
        var record = BenchmarkRecord(benchmark: name, case: "mlp2_512x1024x4096", measurement)
        let flops = 3 * 2.0 * 2 * Double(512 * 1024 * 4096)
        record["gflops"] = (flops / measurement.median / 1e7).rounded() / 100
        return record
    }
}

import SmithyNN
import SmithyTensor
import SmithyTransformer

/// The attention benchmark: forward + backward of each attention method on per-head inputs
/// [B, H, L, d] (causal + key padding), and one training step of a 6-layer d256 4-head encoder
/// at L = 4096 through the memory-efficient method. Each record carries the growth of tensor
/// memory during one run (`MemoryStatistics.peakBytes`).
enum AttentionBenchmark {
    static let name = "attention"

    /// Runs every case (the encoder steps when `includesEncoder`), handing each finished record to `report`.
    static func run(repeats: Int, includesEncoder: Bool, report: (BenchmarkRecord) -> Void) {
        let generator = RandomGenerator(seed: 0)
        let methods: [(String, AttentionMethod)] = [
            ("composed", ScaledDotProductAttention(usesFusedKernel: false, generator: generator)),
            ("fused", ScaledDotProductAttention(generator: generator)),
            ("memory_efficient", MemoryEfficientAttention()),
            ("sliding_window_64", SlidingWindowAttention(window: 64, globalPositions: [0])),
        ]
        for (batch, length) in [(8, 512), (2, 2048)] {
            for (label, method) in methods {
                report(methodCase(label, method, batch: batch, heads: 4, length: length, headDimension: 64,
                                  repeats: repeats, generator: generator))
            }
        }
        guard includesEncoder else { return }
        for batch in [1, 2] { report(encoderCase(batch: batch, length: 4096, generator: generator)) }
    }

    /// Runs `body` once and returns how far tensor memory rose above its starting level.
    private static func peakGrowth(_ body: () -> Void) -> Int {
        MemoryStatistics.resetPeak()
        let before = MemoryStatistics.liveBytes
        body()
        return MemoryStatistics.peakBytes - before
    }

    private static func methodCase(_ label: String, _ method: AttentionMethod, batch: Int, heads: Int, length: Int,
                                   headDimension: Int, repeats: Int, generator: RandomGenerator) -> BenchmarkRecord {
        let shape = [batch, heads, length, headDimension]
        let inputs = (0..<3).map { _ in Tensor.randomNormal(shape, generator: generator) }
        let cotangent = Tensor.randomNormal(shape, generator: generator)
        let keyIsToken = (0..<batch).flatMap { b in (0..<length).map { $0 < length - b * length / 8 } }
        let mask = AttentionMask(keyIsToken: keyIsToken, keyLength: length, isCausal: true)
        let step = {
            let leaves = inputs.map { Tensor($0.scalars, shape: $0.shape, requiresGrad: true) }
            method.attend(query: leaves[0], key: leaves[1], value: leaves[2], mask: mask, bias: nil, training: true)
                .output.backward(cotangent)
        }
        let growth = peakGrowth(step)
        var record = BenchmarkRecord(benchmark: name, case: "\(label)_B\(batch)_H\(heads)_L\(length)_d\(headDimension)",
                                     Measurement(warmups: 1, repeats: repeats, step))
        record["peak_tensor_mb"] = growth / (1 << 20)
        return record
    }

    private static func encoderCase(batch: Int, length: Int, generator: RandomGenerator) -> BenchmarkRecord {
        let (dimension, heads) = (256, 4)
        let layers = (0..<6).map { _ in
            EncoderLayer(
                attention: MultiheadAttention(modelDimension: dimension, heads: heads, method: MemoryEfficientAttention(),
                                              generator: generator),
                feedForward: FeedForwardNetwork(modelDimension: dimension, hiddenDimension: 512, activation: .relu,
                                                dropout: 0.1, generator: generator),
                attentionSublayer: ResidualSublayer(dimension: dimension, placement: .post, normalization: .layerNorm,
                                                    epsilon: 1e-5, dropout: 0.1, generator: generator),
                feedForwardSublayer: ResidualSublayer(dimension: dimension, placement: .post, normalization: .layerNorm,
                                                      epsilon: 1e-5, dropout: 0.1, generator: generator))
        }
        let encoder = EncoderStack(layers: layers, finalNorm: nil)
        let input = Tensor.randomNormal([batch, length, dimension], generator: generator)
        let mask = AttentionMask(keyLength: length)
        let step = {
            encoder(input, mask: mask, positional: nil, positions: .sequential(length: length)).mean().backward()
        }
        let growth = peakGrowth(step)
        var record = BenchmarkRecord(benchmark: name, case: "encoder_6x256_h4_memory_efficient_B\(batch)_L\(length)_train_step",
                                     Measurement(warmups: 0, repeats: 1, step))
        record["peak_tensor_mb"] = growth / (1 << 20)
        return record
    }
}

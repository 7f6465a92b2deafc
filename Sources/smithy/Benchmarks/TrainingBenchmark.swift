import CBLAS
import SmithyNN
import SmithyTensor
import SmithyTraining
import SmithyTransformer

/// The training benchmark (issue 6): the cases a user would compare against PyTorch, one JSON line
/// each. `reference/bench/training_bench.py` is the PyTorch twin; `compare.py training` runs every
/// case of both in its own process (peak RSS is per process) and prints the table.
///
/// - `mlm-geneformer`: one training step (forward, masked-only logits, cross-entropy, backward) of
///   the 6-layer Geneformer V1 masked LM (d 256, 4 heads, ffn 512, vocabulary 25,426), 15% of the
///   tokens masked, at 8×512 and 2×2048 (fused scaled dot-product attention, dropout 0.02).
/// - `mlm-geneformer-4096`: the same at 1×4096 through `MemoryEfficientAttention` (tiled, never
///   holds the scores; it has no attention dropout, so attention dropout is 0 on both sides).
/// - `mt-small` / `mt-base`: one Adam step (label smoothing 0.1, clipping 1) of the encoder-decoder
///   at d 256, 8 heads, 3+3, ffn 1024 / d 512, 8 heads, 6+6, ffn 2048, on a [32, 24] → [32, 24]
///   batch with vocabulary 8000.
/// - `beam4-small`: beam-4 search over 16 sentences of 16 tokens for 20 steps with the small model
///   (with the key/value cache; the uncached time is in the same record).
/// - `sgemm`: the raw `cblas_sgemm` rate (the best of a few shapes), the physical limit the cases'
///   GFLOP/s are compared with.
///
/// FLOPs per step (`gflop_per_step`, the same count used for PyTorch): 2·m·n·k per GEMM, ×3 for
/// forward + backward (input and weight gradients); the attention products QKᵀ and PV count as
/// GEMMs (also ×3); only what the masked-only step needs is counted (logits at masked rows), and
/// nothing for elementwise work or for recomputation inside the memory-efficient backward.
enum TrainingBenchmark {
    static let name = "training"
    static let caseNames = ["mlm-geneformer", "mlm-geneformer-4096", "mt-small", "mt-base", "beam4-small", "sgemm"]

    /// Runs the cases in `selected` (all when empty), handing each finished record to `report`.
    /// `shape` ("BxL") keeps only that batch × length of a case with several.
    static func run(selected: [String], shape: String?, repeats: Int?, report: (BenchmarkRecord) -> Void) {
        let wanted = selected.isEmpty ? caseNames : selected
        for name in wanted {
            switch name {
            case "mlm-geneformer":
                for (batch, length) in [(8, 512), (2, 2048)] where shape == nil || shape == "\(batch)x\(length)" {
                    report(maskedLanguageModelCase(name, batch: batch, length: length, memoryEfficient: false,
                                                   repeats: repeats ?? 5))
                }
            case "mlm-geneformer-4096":
                report(maskedLanguageModelCase(name, batch: 1, length: 4096, memoryEfficient: true, repeats: repeats ?? 3))
            case "mt-small": report(translationCase(name, shapes[0], repeats: repeats ?? 10))
            case "mt-base": report(translationCase(name, shapes[1], repeats: repeats ?? 5))
            case "beam4-small": report(beamCase(name, shapes[0], repeats: repeats ?? 5))
            case "sgemm": report(sgemmCase(repeats: repeats ?? 5))
            default: preconditionFailure("unknown case \(name)")
            }
        }
    }

    private static func rounded(_ value: Double, _ digits: Double = 100) -> Double { (value * digits).rounded() / digits }

    /// Adds the throughput and FLOP-rate fields.
    private static func record(_ name: String, batch: Int, length: Int, tokens: Int, flops: Double?,
                               _ measurement: Measurement) -> BenchmarkRecord {
        var record = BenchmarkRecord(benchmark: Self.name, case: name, measurement)
        record["batch"] = batch
        record["seq"] = length
        record["tokens_per_s"] = (Double(tokens) / measurement.median).rounded()
        if let flops {
            record["gflop_per_step"] = rounded(flops / 1e9)
            record["gflops"] = rounded(flops / measurement.median / 1e9)
        }
        return record
    }

    // MARK: Masked language model

    /// Forward GEMM FLOPs of one post-norm encoder layer over `batch` × `length` tokens.
    static func encoderLayerFlops(batch: Int, length: Int, dimension: Int, feedForward: Int) -> Double {
        let (t, d, f) = (Double(batch * length), Double(dimension), Double(feedForward))
        return 8 * t * d * d + 4 * t * d * f + 4 * Double(batch) * Double(length) * Double(length) * d
    }

    static func maskedLanguageModelFlops(batch: Int, length: Int, masked: Int, _ c: EncoderConfiguration) -> Double {
        let (p, d, v) = (Double(masked), Double(c.modelDimension), Double(c.vocabularySize))
        let layers = Double(c.layers) * encoderLayerFlops(batch: batch, length: length, dimension: c.modelDimension,
                                                           feedForward: c.feedForwardDimension)
        return 3 * (layers + 2 * p * d * d + 2 * p * d * v)
    }

    private static func maskedLanguageModelCase(_ name: String, batch: Int, length: Int, memoryEfficient: Bool,
                                                repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 2)
        var configuration = EncoderConfiguration.geneformerV1
        configuration.maxPositions = max(configuration.maxPositions, length)
        if memoryEfficient { configuration.attentionDropout = 0 }
        let model = MaskedLanguageModel(configuration, attention: memoryEfficient ? { MemoryEfficientAttention() } : nil,
                                        generator: generator)
        let ids = (0..<(batch * length)).map { _ in 2 + generator.nextIndex(below: configuration.vocabularySize - 2) }
        let labels = ids.map { generator.nextUniform() < 0.15 ? $0 : -100 }
        let mask = Array(repeating: true, count: ids.count)
        let masked = labels.filter { $0 != -100 }.count
        MemoryStatistics.resetPeak()
        let measurement = Measurement(warmups: 1, repeats: repeats) {
            model.zeroGradients()
            model.mlmLoss(ids: ids, shape: [batch, length], attentionMask: mask, labels: labels).backward()
        }
        var record = record(name, batch: batch, length: length, tokens: batch * length,
                            flops: maskedLanguageModelFlops(batch: batch, length: length, masked: masked, configuration),
                            measurement)
        record["masked_positions"] = masked
        // Live tensor bytes at the step's peak (parameters included), next to the process's peak RSS.
        record["peak_tensor_mb"] = MemoryStatistics.peakBytes / (1 << 20)
        record["attention"] = memoryEfficient ? "memory_efficient" : "fused"
        return record
    }

    // MARK: Translation

    static let vocabulary = 8000
    /// Training batch: sentences × source/target length.
    static let (translationBatch, translationLength) = (32, 24)
    /// Decoding: sentences, source length, generated tokens (an untrained model rarely ends early,
    /// and no end token is given, so every sentence runs the full length in both implementations).
    static let (decodeSentences, decodeSourceLength, decodeLength) = (16, 16, 20)

    struct Shape {
        let dimension: Int, heads: Int, layers: Int, feedForward: Int
    }

    static let shapes = [Shape(dimension: 256, heads: 8, layers: 3, feedForward: 1024),
                         Shape(dimension: 512, heads: 8, layers: 6, feedForward: 2048)]

    static func makeModel(_ shape: Shape, generator: RandomGenerator) -> Seq2SeqTransformer {
        let configuration = Seq2SeqConfiguration(sourceVocabularySize: vocabulary, targetVocabularySize: vocabulary,
                                                 modelDimension: shape.dimension, heads: shape.heads,
                                                 feedForwardDimension: shape.feedForward, encoderLayers: shape.layers,
                                                 decoderLayers: shape.layers, dropout: 0.1)
        let positional = PositionalConfiguration(sinusoidal: true)
            .makeEncodings(modelDimension: shape.dimension, heads: shape.heads, generator: generator)
        return Seq2SeqTransformer(configuration: configuration, positional: positional, generator: generator)
    }

    /// GEMM FLOPs of one training step: encoder layers, decoder layers (self-attention,
    /// cross-attention, feed-forward) and the output projection, ×3.
    static func translationFlops(_ shape: Shape) -> Double {
        let (b, l, d) = (Double(translationBatch), Double(translationLength), Double(shape.dimension))
        let t = b * l
        let encoder = encoderLayerFlops(batch: translationBatch, length: translationLength, dimension: shape.dimension,
                                        feedForward: shape.feedForward)
        let decoder = encoder + 8 * t * d * d + 4 * b * l * l * d
        return 3 * (Double(shape.layers) * (encoder + decoder) + 2 * t * d * Double(vocabulary))
    }

    /// One Adam step: forward, label-smoothed loss, backward, clip, update.
    private static func translationCase(_ name: String, _ shape: Shape, repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 0)
        let model = makeModel(shape, generator: generator)
        let optimizer = Adam(parameters: model.trainableParameters, learningRate: 1e-4, beta1: 0.9, beta2: 0.98, epsilon: 1e-9)
        let (batch, length) = (translationBatch, translationLength)
        let ids = { (0..<(batch * length)).map { _ in 4 + generator.nextIndex(below: vocabulary - 4) } }
        let (source, targetInput, targetOutput) = (ids(), ids(), ids())
        let measurement = Measurement(warmups: 1, repeats: repeats) {
            optimizer.zeroGradients()
            let logits = model(sourceIds: source, sourceShape: [batch, length], targetIds: targetInput, targetShape: [batch, length])
            let loss = model.loss(logits: logits, targets: targetOutput, labelSmoothing: 0.1)
            loss.backward()
            clipGradientNorm(optimizer.parameters, maxNorm: 1)
            optimizer.step()
        }
        var record = record(name, batch: batch, length: length, tokens: batch * length, flops: translationFlops(shape),
                            measurement)
        record["parameters"] = model.parameterCount
        return record
    }

    /// Beam-4 decoding with the key/value cache (the record's times) and without (`uncached_*`).
    private static func beamCase(_ name: String, _ shape: Shape, repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 1)
        let model = makeModel(shape, generator: generator)
        model.eval()
        let source = (0..<(decodeSentences * decodeSourceLength)).map { _ in 4 + generator.nextIndex(below: vocabulary - 4) }
        let decoder = { (useCache: Bool) in
            BeamSearchDecoder(beginToken: 1, endToken: -1, beamWidth: 4, maximumLength: decodeLength,
                              lengthPenaltyAlpha: 0.6, useCache: useCache)
        }
        let (cached, uncached) = (decoder(true), decoder(false))
        let measurement = Measurement(warmups: 1, repeats: repeats) {
            _ = cached.generate(model, sourceIds: source, shape: [decodeSentences, decodeSourceLength])
        }
        let uncachedMeasurement = Measurement(warmups: 1, repeats: repeats) {
            _ = uncached.generate(model, sourceIds: source, shape: [decodeSentences, decodeSourceLength])
        }
        var record = record(name, batch: decodeSentences, length: decodeSourceLength,
                            tokens: decodeSentences * decodeLength, flops: nil, measurement)
        record["beam"] = 4
        record["generated"] = decodeLength
        record["sentences_per_s"] = rounded(Double(decodeSentences) / measurement.median)
        record["uncached_ms_median"] = rounded(uncachedMeasurement.median * 1e3)
        record["uncached_sentences_per_s"] = rounded(Double(decodeSentences) / uncachedMeasurement.median)
        return record
    }

    // MARK: sgemm

    /// Raw `cblas_sgemm` at transformer-ish shapes; the record's rate is the best of them.
    private static func sgemmCase(repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 0)
        var best: (Measurement, Double, String)?
        var rates: [String: Double] = [:]
        for (m, k, n) in [(4096, 256, 1024), (4096, 512, 2048), (2048, 2048, 2048)] {
            let a = Tensor.randomNormal([m, k], generator: generator), b = Tensor.randomNormal([k, n], generator: generator)
            let c = Tensor.zeros([m, n])
            let measurement = Measurement(repeats: repeats) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                            a.pointer, Int32(k), b.pointer, Int32(n), 0, c.pointer, Int32(n))
            }
            let flops = 2.0 * Double(m * n * k)
            let label = "\(m)x\(k)x\(n)"
            rates[label] = rounded(flops / measurement.median / 1e9)
            if best == nil || flops / measurement.median > best!.1 / best!.0.median { best = (measurement, flops, label) }
        }
        var record = BenchmarkRecord(benchmark: name, case: "sgemm", best!.0)
        record["shape"] = best!.2
        record["sgemm_gflops"] = rounded(best!.1 / best!.0.median / 1e9)
        record["sgemm_gflops_by_shape"] = rates
        return record
    }
}

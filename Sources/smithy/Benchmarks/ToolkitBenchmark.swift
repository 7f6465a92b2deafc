import SmithyNN
import SmithyTensor
import SmithyTransformer

/// The toolkit microbenchmarks: one training step (forward + backward) of a single encoder layer,
/// and greedy decoding of a small encoder-decoder with and without the cache.
/// `reference/bench/toolkit_bench.py` is its PyTorch twin. The whole-model cases (MLM, translation,
/// beam-4) are `smithy bench training`.
enum ToolkitBenchmark {
    static let name = "toolkit"

    /// Runs every case, handing each finished record to `report`.
    static func run(repeats: Int, report: (BenchmarkRecord) -> Void) {
        for (batch, length) in [(8, 512), (2, 2048)] {
            report(encoderLayerCase(batch: batch, length: length, repeats: repeats))
        }
        for useCache in [true, false] { report(decodingCase(beam: 1, useCache: useCache, repeats: max(2, repeats / 2))) }
    }

    /// Records the tensor-memory growth of one run of `step` and the time of `repeats` runs.
    private static func measure(_ label: String, repeats: Int, tokens: Int, _ step: () -> Void) -> BenchmarkRecord {
        MemoryStatistics.resetPeak()
        let before = MemoryStatistics.liveBytes
        step()
        let growth = MemoryStatistics.peakBytes - before
        let measurement = Measurement(warmups: 1, repeats: repeats, step)
        var record = BenchmarkRecord(benchmark: name, case: label, measurement)
        record["peak_tensor_mb"] = growth / (1 << 20)
        record["tokens_per_s"] = (Double(tokens) / measurement.median).rounded()
        return record
    }

    /// A post-norm encoder layer (d 256, 4 heads, ffn 512, ReLU, dropout 0.1) in training mode.
    private static func encoderLayerCase(batch: Int, length: Int, repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 1)
        let sublayer = { ResidualSublayer(dimension: 256, placement: .post, normalization: .layerNorm, epsilon: 1e-5,
                                          dropout: 0.1, generator: generator) }
        let layer = EncoderLayer(
            attention: MultiheadAttention(modelDimension: 256, heads: 4,
                                          method: ScaledDotProductAttention(dropout: 0.1, generator: generator), generator: generator),
            feedForward: FeedForwardNetwork(modelDimension: 256, hiddenDimension: 512, activation: .relu, dropout: 0.1,
                                            generator: generator),
            attentionSublayer: sublayer(), feedForwardSublayer: sublayer())
        let input = Tensor.randomNormal([batch, length, 256], generator: generator)
        input.requiresGrad = true
        let cotangent = Tensor.randomNormal([batch, length, 256], generator: generator)
        let mask = AttentionMask(keyLength: length)
        return measure("encoder_layer_B\(batch)_L\(length)", repeats: repeats, tokens: batch * length) {
            layer.zeroGradients()
            input.grad = nil
            layer(input, mask: mask, positional: nil, positions: .sequential(length: length)).backward(cotangent)
        }
    }

    /// 32 sentences of 20 source tokens, 20 generated tokens each (no end token is ever produced),
    /// with a d 256, 8-head, 3+3-layer, ffn 1024 model over an 8,000-token vocabulary.
    private static func decodingCase(beam: Int, useCache: Bool, repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 3)
        let configuration = Seq2SeqConfiguration(sourceVocabularySize: 8000, targetVocabularySize: 8000, modelDimension: 256,
                                                 heads: 8, feedForwardDimension: 1024, encoderLayers: 3, decoderLayers: 3)
        let model = Seq2SeqTransformer(configuration: configuration,
                                       positional: PositionalEncodings([SinusoidalPositions()]), generator: generator)
        model.eval()
        let (sentences, length, generated) = (32, 20, 20)
        let source = (0..<(sentences * length)).map { _ in 4 + generator.nextIndex(below: 7996) }
        let label = "\(beam == 1 ? "greedy" : "beam\(beam)")_\(useCache ? "cached" : "uncached")_S\(sentences)_L\(length)"
        var record = measure(label, repeats: repeats, tokens: sentences * generated) {
            if beam == 1 {
                _ = GreedyDecoder(beginToken: 1, endToken: -1, paddingToken: 0, maximumLength: generated, useCache: useCache)
                    .generate(model, sourceIds: source, shape: [sentences, length])
            } else {
                _ = BeamSearchDecoder(beginToken: 1, endToken: -1, beamWidth: beam, maximumLength: generated, useCache: useCache)
                    .generate(model, sourceIds: source, shape: [sentences, length])
            }
        }
        record["sentences_per_s"] = ((record["tokens_per_s"] as! Double) / Double(generated) * 10).rounded() / 10
        return record
    }
}

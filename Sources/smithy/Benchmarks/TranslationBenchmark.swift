import SmithyNN
import SmithyTensor
import SmithyTraining
import SmithyTransformer

/// The translation benchmark: training-step throughput of encoder-decoder models at the "small"
/// (d 256, 4 heads, 3+3 layers, ffn 1024) and "base" (d 512, 8 heads, 6+6, ffn 2048) shapes, and
/// beam-4 decoding with and without the key/value cache. `reference/bench/translation_bench.py`
/// runs the same cases with PyTorch's `nn.Transformer`.
enum TranslationBenchmark {
    static let name = "translation"
    static let vocabulary = 8000
    /// Training batch: sentences × source/target length.
    static let (batch, length) = (32, 24)
    /// Decoding: sentences, source length, generated tokens (an untrained model rarely ends early,
    /// so every sentence runs the full length in both implementations).
    static let (decodeSentences, decodeSourceLength, decodeLength) = (16, 16, 20)

    struct Shape {
        let name: String, dimension: Int, heads: Int, layers: Int, feedForward: Int
    }

    static let shapes = [Shape(name: "small", dimension: 256, heads: 4, layers: 3, feedForward: 1024),
                         Shape(name: "base", dimension: 512, heads: 8, layers: 6, feedForward: 2048)]

    /// Runs every case, handing each finished record to `report`; `repeats` timed runs per case.
    static func run(repeats: Int, report: (BenchmarkRecord) -> Void) {
        for shape in shapes { report(trainStepCase(shape, repeats: repeats)) }
        for useCache in [true, false] { report(beamCase(shapes[0], useCache: useCache, repeats: repeats)) }
    }

    static func makeModel(_ shape: Shape, generator: RandomGenerator) -> Seq2SeqTransformer {
        let configuration = Seq2SeqConfiguration(sourceVocabularySize: vocabulary, targetVocabularySize: vocabulary,
                                                 modelDimension: shape.dimension, heads: shape.heads,
                                                 feedForwardDimension: shape.feedForward, encoderLayers: shape.layers,
                                                 decoderLayers: shape.layers, dropout: 0.1)
        let positional = PositionalConfiguration(sinusoidal: true)
            .makeEncodings(modelDimension: shape.dimension, heads: shape.heads, generator: generator)
        return Seq2SeqTransformer(configuration: configuration, positional: positional, generator: generator)
    }

    /// One Adam step on a [32, 24] → [32, 24] batch: forward, label-smoothed loss, backward, clip, update.
    static func trainStepCase(_ shape: Shape, repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 0)
        let model = makeModel(shape, generator: generator)
        let optimizer = Adam(parameters: model.trainableParameters, learningRate: 1e-4, beta1: 0.9, beta2: 0.98, epsilon: 1e-9)
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
        var record = BenchmarkRecord(benchmark: name, case: "train_step_\(shape.name)_\(batch)x\(length)", measurement)
        record["target_tokens_per_s"] = (Double(batch * length) / measurement.median).rounded()
        record["parameters"] = model.parameterCount
        return record
    }

    /// Beam-4 decoding of 16 sentences for 20 steps (no end-of-sequence allowed to stop it early).
    static func beamCase(_ shape: Shape, useCache: Bool, repeats: Int) -> BenchmarkRecord {
        let generator = RandomGenerator(seed: 1)
        let model = makeModel(shape, generator: generator)
        model.eval()
        let source = (0..<(decodeSentences * decodeSourceLength)).map { _ in 4 + generator.nextIndex(below: vocabulary - 4) }
        let decoder = BeamSearchDecoder(beginToken: 1, endToken: -1, beamWidth: 4, maximumLength: decodeLength,
                                        lengthPenaltyAlpha: 0.6, useCache: useCache)
        let measurement = Measurement(warmups: 1, repeats: repeats) {
            _ = decoder.generate(model, sourceIds: source, shape: [decodeSentences, decodeSourceLength])
        }
        var record = BenchmarkRecord(benchmark: name, case: "beam4_\(useCache ? "cached" : "uncached")_\(shape.name)", measurement)
        record["sentences_per_s"] = (Double(decodeSentences) / measurement.median * 100).rounded() / 100
        return record
    }
}

import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// Decoding throughput (a measurement, not a timed test; skipped unless SMITHY_DECODER_BENCH=1):
/// greedy and beam-4 decoding of 32 source sentences of 20 tokens, 20 generated tokens each, on a
/// d 256, 3+3-layer, 8-head model with an 8,000-token vocabulary, with and without the caches.
/// Run: SMITHY_DECODER_BENCH=1 swift test -c release --disable-swift-testing --filter DecodingThroughputMeasurement
final class DecodingThroughputMeasurement: XCTestCase {
    func testDecodingThroughput() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["SMITHY_DECODER_BENCH"] == "1", "set SMITHY_DECODER_BENCH=1")
        let (sentences, length, vocabulary) = (32, 20, 8000)
        let configuration = Seq2SeqConfiguration(
            sourceVocabularySize: vocabulary, targetVocabularySize: vocabulary, modelDimension: 256, heads: 8,
            feedForwardDimension: 1024, encoderLayers: 3, decoderLayers: 3, dropout: 0.1)
        let model = Seq2SeqTransformer(configuration: configuration,
                                       positional: PositionalEncodings([DecoderTestSinusoidalPositions()]),
                                       generator: RandomGenerator(seed: 61))
        model.eval()
        let source = decoderTestSource(batch: sentences, length: length, vocabulary: vocabulary,
                                       padded: Array(repeating: 0, count: sentences), seed: 62)
        // The end token is never generated here by a random model in practice; every run makes `length` steps.
        func measure(_ label: String, _ body: () -> Void) {
            let start = Date()
            body()
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "[decoding] %@: %.2f s, %.1f sentences/s", label, seconds, Double(sentences) / seconds))
        }
        measure("encoding alone") {
            _ = GradientMode.withoutGradients { model.encode(sourceIds: source.ids, shape: [sentences, length]) }
        }
        for useCache in [true, false] {
            let greedy = GreedyDecoder(beginToken: 1, endToken: 2, paddingToken: 0, maximumLength: length, useCache: useCache)
            measure("greedy, \(useCache ? "cached" : "uncached")") {
                _ = greedy.generate(model, sourceIds: source.ids, shape: [sentences, length])
            }
            let beam = BeamSearchDecoder(beginToken: 1, endToken: 2, beamWidth: 4, maximumLength: length, useCache: useCache)
            measure("beam 4, \(useCache ? "cached" : "uncached")") {
                _ = beam.generate(model, sourceIds: source.ids, shape: [sentences, length])
            }
        }
    }
}

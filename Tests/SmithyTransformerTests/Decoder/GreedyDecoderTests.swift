import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// Incremental decoding through the caches and greedy generation.
final class GreedyDecoderTests: XCTestCase {
    /// Every cached step (including after a beam-style reorder of the rows) gives the log-probabilities
    /// of decoding the whole prefix.
    func testCachedStepsMatchFullPrefixDecoding() {
        let model = decoderTestModel(vocabulary: 20, seed: 11)
        let source = decoderTestSource(batch: 3, length: 6, vocabulary: 20, padded: [0, 2, 4], seed: 12)
        GradientMode.withoutGradients {
            let memory = model.encode(sourceIds: source.ids, shape: [3, 6], sourceIsToken: source.isToken)
            let cached = model.makeCache(memory: memory, sourceIsToken: source.isToken, useCache: true)
            let full = model.makeCache(memory: memory, sourceIsToken: source.isToken, useCache: false)
            let generator = RandomGenerator(seed: 13)
            for step in 0..<6 {
                if step == 3 {
                    cached.select(batchEntries: [2, 0, 0])
                    full.select(batchEntries: [2, 0, 0])
                }
                let tokens = (0..<3).map { _ in generator.nextIndex(below: 20) }
                let expected = model.decodeStep(tokens, cache: full)
                assertClose(model.decodeStep(tokens, cache: cached), expected, atol: 2e-5, rtol: 1e-4, "step \(step)")
            }
            XCTAssertEqual(cached.layers?.first?.length, 6)
        }
    }

    func testCachedAndUncachedGreedyGiveTheSameTokens() {
        let model = decoderTestModel(vocabulary: 30, seed: 21)
        let source = decoderTestSource(batch: 4, length: 7, vocabulary: 30, padded: [0, 1, 3, 5], seed: 22)
        var decoder = GreedyDecoder(beginToken: 1, endToken: 2, paddingToken: 0, maximumLength: 12)
        let cached = decoder.generate(model, sourceIds: source.ids, shape: [4, 7], sourceIsToken: source.isToken)
        decoder.useCache = false
        let uncached = decoder.generate(model, sourceIds: source.ids, shape: [4, 7], sourceIsToken: source.isToken)
        XCTAssertEqual(cached, uncached)
        XCTAssertGreaterThan(Set(cached.joined()).count, 3, "a degenerate output would make the comparison weak")
    }

    /// Rows are padded after their end-of-sequence token, and generation stops once every row ended.
    func testPadsAfterEndOfSequenceAndStopsWhenAllEnded() {
        // Tokens: 0 pad, 1 begin, 2 end, 3 A, 4 B. Row with source 0 says "A end", source 1 "A A B end".
        let scripts: [[Int]] = [[3, 2], [3, 3, 4, 2]]
        let model = ScriptedSeq2SeqModel { source, prefix in
            let next = scripts[source][min(prefix.count - 1, scripts[source].count - 1)]
            return (0..<5).map { $0 == next ? -0.1 : -3 }
        }
        let decoder = GreedyDecoder(beginToken: 1, endToken: 2, paddingToken: 0, maximumLength: 10)
        let output = decoder.generate(model, sourceIds: [0, 1], shape: [2, 1])
        XCTAssertEqual(output, [[3, 2, 0, 0], [3, 3, 4, 2]])
        XCTAssertEqual(model.steps, 4)
        let capped = GreedyDecoder(beginToken: 1, endToken: 2, paddingToken: 0, maximumLength: 3)
        XCTAssertEqual(capped.generate(model, sourceIds: [0, 1], shape: [2, 1]), [[3, 2, 0], [3, 3, 4]])
    }
}

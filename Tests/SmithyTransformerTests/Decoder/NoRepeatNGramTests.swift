import SmithyTransformer
import XCTest

/// The no-repeat n-gram rule on its own and inside both generators.
final class NoRepeatNGramTests: XCTestCase {
    func testBannedTokens() {
        XCTAssertEqual(tokensRepeatingNGram(in: [5, 6, 5], size: 1), [5, 6])
        XCTAssertEqual(tokensRepeatingNGram(in: [5, 6, 7, 5], size: 2), [6])
        XCTAssertEqual(tokensRepeatingNGram(in: [5, 6, 5, 8, 5], size: 2), [6, 8])
        XCTAssertEqual(tokensRepeatingNGram(in: [5, 6, 7, 5, 6], size: 3), [7])
        XCTAssertEqual(tokensRepeatingNGram(in: [5, 6], size: 3), [])
        XCTAssertEqual(tokensRepeatingNGram(in: [5, 5, 5], size: 0), [])
    }

    /// A small-vocabulary model repeats bigrams when unconstrained and never with the rule.
    func testGeneratorsNeverRepeatAnNGram() {
        let model = decoderTestModel(vocabulary: 8, dimension: 16, heads: 2, seed: 51)
        let source = decoderTestSource(batch: 3, length: 5, vocabulary: 8, padded: [0, 0, 1], seed: 52)
        var greedy = GreedyDecoder(beginToken: 1, endToken: 2, paddingToken: 0, maximumLength: 14)
        var beam = BeamSearchDecoder(beginToken: 1, endToken: 2, beamWidth: 3, maximumLength: 14)
        let free = greedy.generate(model, sourceIds: source.ids, shape: [3, 5], sourceIsToken: source.isToken)
        let freeBeam = beam.generate(model, sourceIds: source.ids, shape: [3, 5], sourceIsToken: source.isToken)
        XCTAssertTrue(free.contains { hasRepeatedNGram([1] + $0.prefix { $0 != 2 }, size: 2) }, "the test needs repeats to ban")
        XCTAssertTrue(freeBeam.contains { hasRepeatedNGram([1] + $0.tokens, size: 2) }, "the test needs repeats to ban")
        greedy.noRepeatNGramSize = 2
        beam.noRepeatNGramSize = 2
        for row in greedy.generate(model, sourceIds: source.ids, shape: [3, 5], sourceIsToken: source.isToken) {
            let ended = Array(row.prefix { $0 != 2 })
            XCTAssertFalse(hasRepeatedNGram([1] + ended, size: 2), "\(row)")
        }
        for hypothesis in beam.generate(model, sourceIds: source.ids, shape: [3, 5], sourceIsToken: source.isToken) {
            XCTAssertFalse(hasRepeatedNGram([1] + hypothesis.tokens, size: 2), "\(hypothesis.tokens)")
        }
    }
}

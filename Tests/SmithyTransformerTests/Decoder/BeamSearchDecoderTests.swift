import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// Beam search: exactness against exhaustive enumeration, cache equivalence, GNMT scoring once at
/// the end, early stopping.
final class BeamSearchDecoderTests: XCTestCase {
    /// A tiny model (vocabulary 5: begin 0, end 1, three others; at most 4 tokens). With a beam as
    /// wide as the number of alive prefixes (4³ = 64) nothing is ever pruned, so beam search must
    /// return the best sequence under log P / ((5 + length) / 6)^α found by enumerating all of them,
    /// for α favouring short (0) and long (3) outputs. (A beam as wide as the vocabulary alone does
    /// not guarantee this: 4² prefixes compete at step 3.) A narrow beam may only do worse.
    func testFullWidthBeamFindsTheExhaustiveBest() {
        let (vocabulary, maximumLength) = (5, 4)
        let model = decoderTestModel(vocabulary: vocabulary, dimension: 16, heads: 2, layers: 1, seed: 31)
        let sourceIds = [2, 3, 4, 2, 4, 4, 3, 2]
        let sources = [Array(sourceIds[0..<4]), Array(sourceIds[4..<8])]
        let enumerated = sources.map { allSequences(model, source: $0, vocabulary: vocabulary, maximumLength: maximumLength) }
        var bestLengths: Set<Int> = []
        for alpha: Float in [0, 1, 3] {
            let found = BeamSearchDecoder(beginToken: 0, endToken: 1, beamWidth: 64, maximumLength: maximumLength,
                                          lengthPenaltyAlpha: alpha).generate(model, sourceIds: sourceIds, shape: [2, 4])
            let narrow = BeamSearchDecoder(beginToken: 0, endToken: 1, beamWidth: 2, maximumLength: maximumLength,
                                           lengthPenaltyAlpha: alpha).generate(model, sourceIds: sourceIds, shape: [2, 4])
            for sentence in 0..<2 {
                let best = enumerated[sentence]
                    .map { (tokens: $0.tokens, score: $0.logProbability / gnmtLengthPenalty(length: $0.tokens.count, alpha: alpha)) }
                    .max { $0.score < $1.score }!
                bestLengths.insert(best.tokens.count)
                XCTAssertEqual(found[sentence].tokens, best.tokens, "α \(alpha), sentence \(sentence)")
                XCTAssertEqual(found[sentence].score, best.score, accuracy: 1e-4, "α \(alpha), sentence \(sentence)")
                XCTAssertLessThanOrEqual(narrow[sentence].score, best.score + 1e-4)
            }
        }
        XCTAssertGreaterThan(bestLengths.count, 1, "the penalty should change which sequence is best")
    }

    func testCachedAndUncachedBeamSearchAgree() {
        let model = decoderTestModel(vocabulary: 30, seed: 41)
        let source = decoderTestSource(batch: 3, length: 6, vocabulary: 30, padded: [0, 2, 3], seed: 42)
        var decoder = BeamSearchDecoder(beginToken: 1, endToken: 2, beamWidth: 4, maximumLength: 10)
        let cached = decoder.generate(model, sourceIds: source.ids, shape: [3, 6], sourceIsToken: source.isToken)
        decoder.useCache = false
        let uncached = decoder.generate(model, sourceIds: source.ids, shape: [3, 6], sourceIsToken: source.isToken)
        XCTAssertEqual(cached.map(\.tokens), uncached.map(\.tokens))
        for (a, b) in zip(cached, uncached) { XCTAssertEqual(a.score, b.score, accuracy: 1e-4) }
        XCTAssertGreaterThan(Set(cached.flatMap(\.tokens)).count, 3, "a degenerate output would make the comparison weak")
    }

    /// The penalty divides a hypothesis's total log-probability once, when it ends: "A end"
    /// (log P −1.1, length 2) beats "end" (−1.0, length 1) with α = 1; that sentence stops as soon
    /// as no alive beam can reach its best finished score, and leaves the batch while the other
    /// sentence (which prefers A) runs to the maximum length and is cut there.
    func testLengthPenaltyAppliedOnceAndEarlyStop() {
        // Tokens: 0 begin, 1 end, 2 A, 3 B.
        let model = ScriptedSeq2SeqModel { source, prefix in
            if source == 1 { return [-10, -3.0, -0.1, -4] }
            switch prefix {
            case [0]: return [-10, -1.0, -0.5, -3.0]
            case [0, 2]: return [-10, -0.6, -2.0, -2.5]
            case [0, 3]: return [-10, -0.1, -3, -3]
            default: return [-10, -0.05, -4, -4]
            }
        }
        let decoder = BeamSearchDecoder(beginToken: 0, endToken: 1, beamWidth: 2, maximumLength: 10, lengthPenaltyAlpha: 1)
        let best = decoder.generate(model, sourceIds: [0, 1], shape: [2, 1])
        XCTAssertEqual(best[0].tokens, [2, 1])
        XCTAssertEqual(best[0].logProbability, -1.1, accuracy: 1e-6)
        XCTAssertEqual(best[0].score, -1.1 / (7.0 / 6.0), accuracy: 1e-6)
        // Cut at 10 tokens: log P −1.0, score −1.0 / ((5 + 10) / 6); ending earlier costs −3.
        XCTAssertEqual(best[1].tokens, Array(repeating: 2, count: 10))
        XCTAssertEqual(best[1].score, -1.0 / 2.5, accuracy: 1e-5)
        XCTAssertEqual(model.steps, 10)

        // Alone, the first sentence stops after step 2: the best alive beam (log P −2.5) can reach at
        // most −2.5 / ((5 + 10) / 6) = −1.0 < −0.943.
        let alone = ScriptedSeq2SeqModel(script: model.script)
        XCTAssertEqual(decoder.generate(alone, sourceIds: [0], shape: [1, 1]), [best[0]])
        XCTAssertEqual(alone.steps, 2)
    }

    /// Every sequence of at most `maximumLength` tokens (ending at the end token, or cut at the
    /// maximum length) with its log-probability from a full teacher-forced pass.
    private func allSequences(_ model: Seq2SeqTransformer, source: [Int], vocabulary: Int,
                              maximumLength: Int) -> [(tokens: [Int], logProbability: Float)] {
        var sequences: [[Int]] = []
        var prefixes: [[Int]] = [[]]
        for length in 1...maximumLength {
            prefixes = prefixes.flatMap { prefix in (0..<vocabulary).map { prefix + [$0] } }
            sequences += prefixes.filter { $0.last == 1 || length == maximumLength }
            prefixes = prefixes.filter { $0.last != 1 }
        }
        return GradientMode.withoutGradients {
            let memory = model.encode(sourceIds: source, shape: [1, source.count])
            return sequences.map { tokens in
                let input = [0] + tokens.dropLast()
                let logProbabilities = model.decode(targetIds: input, shape: [1, input.count], memory: memory).logSoftmax(axis: -1)
                return (tokens, tokens.enumerated().reduce(Float(0)) { $0 + logProbabilities.pointer[$1.offset * vocabulary + $1.element] })
            }
        }
    }
}

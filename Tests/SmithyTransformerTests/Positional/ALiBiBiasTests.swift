import SmithyTensor
import SmithyTransformer
import XCTest

/// ALiBi: the paper's slopes, both forms, custom values, and the original's golden values.
final class ALiBiBiasTests: XCTestCase {
    /// q = k = v of the original's golden tests, [1, 1, 2, 3].
    private let qkv = Tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], shape: [1, 1, 2, 3])

    func testSlopesMatchPaperGetSlopesForAnyHeadCount() throws {
        let fixture = try Fixture("positional/alibi.safetensors")
        let heads = try XCTUnwrap(fixture.json("heads") as? [Int])
        XCTAssertTrue(heads.contains(12))
        for count in heads {
            let slopes = ALiBiBias.paperSlopes(heads: count)
            assertClose(Tensor(slopes, shape: [count]), try fixture.tensor("slopes_\(count)"), atol: 0, rtol: 1e-6, "slopes for \(count) heads")
        }
    }

    func testOriginalSlopesAreHalvings() {
        XCTAssertEqual(ALiBiBias.originalSlopes(heads: 3), [0.5, 0.25, 0.125])
        XCTAssertEqual(ALiBiBias.paperSlopes(heads: 8), (1...8).map { Float(1) / Float(1 << $0) })
    }

    func testBidirectionalAndCausalForms() throws {
        let fixture = try Fixture("positional/alibi.safetensors")
        let alibi = ALiBiBias(heads: 6)
        for (isCausal, key) in [(false, "bidirectional_6"), (true, "causal_6")] {
            let bias = alibi.bias(query: .zeros([1, 6, 4, 2]), queryPositions: .sequential(length: 4),
                                  keyPositions: .sequential(length: 4), heads: 6, isCausal: isCausal)
            let expected = try fixture.tensor(key).reshaped([1, 6, 4, 4])
            assertClose(bias.scores(queries: 0..<4, keys: 0..<4), expected, atol: 1e-7, rtol: 1e-6, key)
            // A tile is the matching block of the whole.
            assertClose(bias.scores(queries: 1..<3, keys: 2..<4),
                        expected.slice(axis: 2, 1..<3).slice(axis: 3, 2..<4), atol: 1e-7, rtol: 1e-6, "\(key) tile")
        }
    }

    func testCausalFormFollowsQueryOffsetWhenDecoding() {
        let bias = ALiBiBias(slopes: [1]).bias(query: .zeros([1, 1, 1, 2]), queryPositions: .sequential(length: 1, offset: 2),
                                               keyPositions: .sequential(length: 4), heads: 1, isCausal: true)
        XCTAssertEqual(bias.scores(queries: 0..<1, keys: 0..<4).scalars, [-2, -1, 0, 0])
    }

    func testCustomValuesUseDistanceOfValues() throws {
        let fixture = try Fixture("positional/alibi.safetensors")
        let queries = try fixture.tensor("custom_query_values").scalars, keys = try fixture.tensor("custom_key_values").scalars
        let bias = ALiBiBias(heads: 6).bias(query: .zeros([2, 6, 3, 2]), queryPositions: .custom(queries, batch: 2, length: 3),
                                            keyPositions: .custom(keys, batch: 2, length: 4), heads: 6, isCausal: false)
        assertClose(bias.scores(queries: 0..<3, keys: 0..<4), try fixture.tensor("custom_6"), atol: 1e-6, rtol: 1e-6, "custom ALiBi")
    }

    func testOriginalGoldenValuesWithSlopeOneHalf() {
        let positions = TokenPositions.sequential(length: 2)
        let bias = ALiBiBias(slopes: [0.5]).bias(query: qkv, queryPositions: positions, keyPositions: positions, heads: 1, isCausal: false)
        let result = attend(bias)
        assertClose(result.probabilities!, Tensor([0.5977, 0.4023, 0.3187, 0.6813], shape: [1, 1, 2, 2]),
                    atol: 1e-4, rtol: 0, "golden ALiBi probabilities")
        assertClose(result.output, Tensor([0.2207, 0.3207, 0.4207, 0.3044, 0.4044, 0.5044], shape: [1, 1, 2, 3]),
                    atol: 1e-4, rtol: 0, "golden ALiBi output")
    }

    func testOriginalGoldenValuesWithCustomValues() {
        let bias = ALiBiBias(slopes: [0.5]).bias(query: qkv, queryPositions: .custom([1, 4], batch: 1, length: 2),
                                                 keyPositions: .custom([2, 4], batch: 1, length: 2), heads: 1, isCausal: false)
        assertClose(attend(bias).probabilities!, Tensor([0.7101, 0.2899, 0.2210, 0.7790], shape: [1, 1, 2, 2]),
                    atol: 1e-4, rtol: 0, "golden ALiBiCustom probabilities")
    }

    private func attend(_ bias: AttentionBias) -> AttentionResult {
        ScaledDotProductAttention(keepsProbabilities: true, generator: RandomGenerator(seed: 0))
            .attend(query: qkv, key: qkv, value: qkv, mask: .none(keyLength: 2), bias: bias, training: false)
    }
}

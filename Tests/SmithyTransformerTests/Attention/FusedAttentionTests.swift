import SmithyTensor
import SmithyTransformer
import XCTest

/// The fused standard path against the composed-ops path and against PyTorch's
/// `scaled_dot_product_attention` (fixtures from reference/transformer/attention/make_fixtures.py).
final class FusedAttentionTests: XCTestCase {
    private func fused(dropout: Float = 0, keepsProbabilities: Bool = false, seed: UInt64 = 0) -> ScaledDotProductAttention {
        ScaledDotProductAttention(dropout: dropout, keepsProbabilities: keepsProbabilities, generator: RandomGenerator(seed: seed))
    }

    func testMatchesComposedPathUnderMasksAndBias() {
        let cases: [(String, AttentionMask, Int, Int)] = [
            ("no mask", .none(keyLength: 19), 19, 19),
            ("padding", AttentionMask(keyIsToken: keyPadding(keys: 19, padding: [4, 0]), keyLength: 19), 19, 19),
            ("causal padding", AttentionMask(keyIsToken: keyPadding(keys: 19, padding: [0, 6]), keyLength: 19, isCausal: true), 19, 19),
            ("causal offset", AttentionMask(keyLength: 19, isCausal: true, queryOffset: 13), 6, 19),
            ("fully padded entry", AttentionMask(keyIsToken: keyPadding(keys: 19, padding: [2, 19]), keyLength: 19), 19, 19),
        ]
        for (index, (label, mask, queries, keys)) in cases.enumerated() {
            let inputs = AttentionInputs(batch: 2, heads: 3, queries: queries, keys: keys, headDimension: 8, seed: UInt64(60 + index))
            let bias = randomBias(heads: 3, queries: queries, keys: keys, seed: UInt64(70 + index))
            AttentionRun(fused(), inputs, mask: mask).assertMatches(AttentionRun(composedAttention(), inputs, mask: mask), label)
            AttentionRun(fused(), inputs, mask: mask, bias: bias)
                .assertMatches(AttentionRun(composedAttention(), inputs, mask: mask, bias: bias), "\(label) + bias")
        }
    }

    func testDropoutMatchesComposedPathWithSameGenerator() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 15, padding: [0, 5]), keyLength: 15, isCausal: true)
        let inputs = AttentionInputs(batch: 2, heads: 2, queries: 15, keys: 15, headDimension: 8, seed: 80)
        let composed = ScaledDotProductAttention(dropout: 0.3, usesFusedKernel: false, generator: RandomGenerator(seed: 81))
        let expected = AttentionRun(composed, inputs, mask: mask, training: true)
        let actual = AttentionRun(fused(dropout: 0.3, seed: 81), inputs, mask: mask, training: true)
        actual.assertMatches(expected, "dropout")
        XCTAssertTrue(actual.output.scalars != AttentionRun(fused(), inputs, mask: mask).output.scalars, "dropout had no effect")
    }

    func testProbabilitiesAreKeptAndRowsSumToOne() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 9, padding: [0, 9]), keyLength: 9, isCausal: true)
        let inputs = AttentionInputs(batch: 2, heads: 2, queries: 9, keys: 9, headDimension: 4, seed: 90)
        let result = fused(keepsProbabilities: true).attend(query: inputs.query, key: inputs.key, value: inputs.value,
                                                            mask: mask, bias: nil, training: false)
        let composed = ScaledDotProductAttention(keepsProbabilities: true, usesFusedKernel: false, generator: RandomGenerator(seed: 0))
            .attend(query: inputs.query, key: inputs.key, value: inputs.value, mask: mask, bias: nil, training: false)
        let probabilities = try! XCTUnwrap(result.probabilities)
        assertClose(probabilities, composed.probabilities!, atol: 1e-6, rtol: 1e-5, "probabilities")
        assertClose(probabilities.sum(axes: [3]), Tensor.ones([2, 2, 9]), atol: 1e-5, rtol: 0, "row sums")
        // Batch entry 1 is all padding: uniform 1/9 weights, never NaN.
        assertClose(probabilities.slice(axis: 0, 1..<2), Tensor.full([1, 2, 9, 9], 1 / 9), atol: 1e-7, rtol: 1e-6, "uniform rows")
    }

    func testMatchesPyTorchScaledDotProductAttention() throws {
        for name in ["sdpa_padding_causal", "sdpa_padding_bias"] {
            let fixture = try Fixture("attention/\(name).safetensors")
            let query = try fixture.tensor("query")
            let keys = query.shape[2]
            let mask = AttentionMask(keyIsToken: try fixture.tensor("keyIsToken").scalars.map { $0 != 0 }, keyLength: keys,
                                     isCausal: fixture.json("causal") as? Bool ?? false)
            let bias = fixture.tensors["bias"].map(TensorAttentionBias.init)
            let inputs = AttentionInputs(query: query, key: try fixture.tensor("key"), value: try fixture.tensor("value"),
                                         cotangent: try fixture.tensor("cotangent"))
            let expected = AttentionRun(output: try fixture.tensor("output"), queryGradient: try fixture.tensor("queryGradient"),
                                        keyGradient: try fixture.tensor("keyGradient"), valueGradient: try fixture.tensor("valueGradient"))
            AttentionRun(fused(), inputs, mask: mask, bias: bias).assertMatches(expected, "\(name) fused")
            AttentionRun(composedAttention(), inputs, mask: mask, bias: bias).assertMatches(expected, "\(name) composed")
            AttentionRun(MemoryEfficientAttention(queryBlock: 4, keyBlock: 5), inputs, mask: mask, bias: bias)
                .assertMatches(expected, "\(name) memory-efficient")
        }
    }
}

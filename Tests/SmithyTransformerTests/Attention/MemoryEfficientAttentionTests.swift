import SmithyTensor
import SmithyTransformer
import XCTest

/// The tiled (FlashAttention-style) method against the standard method on the same inputs.
final class MemoryEfficientAttentionTests: XCTestCase {
    private let blockSizes = [(64, 128), (5, 7), (16, 3), (1, 40)]

    private func assertMatchesStandard(batch: Int = 2, heads: Int = 3, queries: Int, keys: Int, headDimension: Int = 8,
                                       mask: AttentionMask, bias: AttentionBias? = nil, seed: UInt64, _ label: String) {
        let inputs = AttentionInputs(batch: batch, heads: heads, queries: queries, keys: keys, headDimension: headDimension, seed: seed)
        let expected = AttentionRun(composedAttention(), inputs, mask: mask, bias: bias)
        for (queryBlock, keyBlock) in blockSizes {
            let method = MemoryEfficientAttention(queryBlock: queryBlock, keyBlock: keyBlock)
            AttentionRun(method, inputs, mask: mask, bias: bias).assertMatches(expected, "\(label) blocks \(queryBlock)×\(keyBlock)")
        }
    }

    func testNoMask() {
        assertMatchesStandard(queries: 37, keys: 37, mask: .none(keyLength: 37), seed: 1, "no mask")
    }

    func testKeyPadding() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 30, padding: [0, 11]), keyLength: 30)
        assertMatchesStandard(queries: 30, keys: 30, mask: mask, seed: 2, "key padding")
    }

    func testCausalWithPadding() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 41, padding: [3, 0]), keyLength: 41, isCausal: true)
        assertMatchesStandard(queries: 41, keys: 41, mask: mask, seed: 3, "causal")
    }

    func testCausalWithQueryOffset() {
        let mask = AttentionMask(keyLength: 29, isCausal: true, queryOffset: 20)
        assertMatchesStandard(queries: 9, keys: 29, mask: mask, seed: 4, "causal, cache-style Lq < Lk")
    }

    func testFixedBiasWithCausalPadding() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 33, padding: [5, 0]), keyLength: 33, isCausal: true)
        assertMatchesStandard(queries: 33, keys: 33, mask: mask, bias: randomBias(heads: 3, queries: 33, keys: 33, seed: 5),
                              seed: 6, "ALiBi-like bias")
    }

    func testFullyMaskedRowsAreUniform() {
        // Batch entry 1 has no real keys: every one of its rows must be the mean of the values.
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 12, padding: [0, 12]), keyLength: 12, isCausal: true)
        assertMatchesStandard(queries: 12, keys: 12, mask: mask, seed: 7, "fully masked rows")
        let inputs = AttentionInputs(batch: 2, heads: 1, queries: 12, keys: 12, headDimension: 4, seed: 8)
        let output = AttentionRun(MemoryEfficientAttention(queryBlock: 4, keyBlock: 5), inputs, mask: mask).output
        let meanValue = inputs.value.slice(axis: 0, 1..<2).mean(axes: [2], keepingDimensions: true)
        assertClose(output.slice(axis: 0, 1..<2).slice(axis: 2, 0..<1), meanValue, atol: 1e-6, rtol: 1e-5, "uniform row")
        XCTAssertFalse(output.scalars.contains { $0.isNaN })
    }

    func testMemoryStaysBelowScoreMatrixAtLength4096() {
        let (length, heads, headDimension) = (4096, 4, 64)
        let inputs = AttentionInputs(batch: 1, heads: heads, queries: length, keys: length, headDimension: headDimension, seed: 9)
        let leaves = [inputs.query, inputs.key, inputs.value].map { Tensor($0.scalars, shape: $0.shape, requiresGrad: true) }
        MemoryStatistics.resetPeak()
        let before = MemoryStatistics.liveBytes
        let output = MemoryEfficientAttention().attend(query: leaves[0], key: leaves[1], value: leaves[2],
                                                       mask: AttentionMask(keyLength: length, isCausal: true),
                                                       bias: nil, training: true).output
        output.backward(inputs.cotangent)
        let growth = MemoryStatistics.peakBytes - before
        let scoreMatrixBytes = length * length * heads * 4
        XCTAssertLessThan(growth, scoreMatrixBytes / 4, "peak growth \(growth) bytes vs score matrix \(scoreMatrixBytes)")
        XCTAssertFalse(leaves[0].grad!.scalars.contains { $0.isNaN })
    }
}

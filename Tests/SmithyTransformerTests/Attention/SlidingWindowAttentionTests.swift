import SmithyTensor
import SmithyTransformer
import XCTest

/// Sliding-window attention against the standard method under an explicit equivalent mask
/// (the original's ManuallyMaskedAttentionMethod idea), across windows, globals, padding,
/// batches, heads, causal order and a query offset.
final class SlidingWindowAttentionTests: XCTestCase {
    /// −1e30 wherever query position (queryOffset + i) may not see key j under `window` and
    /// `globals`, 0 elsewhere: [1, 1, queries, keys].
    private func bandBias(queries: Int, keys: Int, window: Int, globals: Set<Int>, queryOffset: Int = 0) -> TensorAttentionBias {
        var values: [Float] = []
        for i in 0..<queries {
            let position = queryOffset + i
            for j in 0..<keys {
                let sees = abs(position - j) <= window || globals.contains(j) || globals.contains(position)
                values.append(sees ? 0 : -1e30)
            }
        }
        return TensorAttentionBias(Tensor(values, shape: [1, 1, queries, keys]))
    }

    private func assertMatchesManualMask(queries: Int = 23, keys: Int = 23, window: Int, globals: Set<Int>,
                                         mask: AttentionMask, extraBias: AttentionBias? = nil, seed: UInt64,
                                         file: StaticString = #filePath, line: UInt = #line) {
        let inputs = AttentionInputs(batch: 2, heads: 3, queries: queries, keys: keys, headDimension: 8, seed: seed)
        let band = bandBias(queries: queries, keys: keys, window: window, globals: globals, queryOffset: mask.queryOffset)
        let reference = AttentionRun(composedAttention(), inputs, mask: mask,
                                     bias: extraBias.map { SummedAttentionBias([band, $0]) } ?? band)
        let actual = AttentionRun(SlidingWindowAttention(window: window, globalPositions: globals), inputs, mask: mask, bias: extraBias)
        actual.assertMatches(reference, "window \(window), globals \(globals.sorted()), causal \(mask.isCausal)",
                             file: file, line: line)
    }

    func testBidirectionalWindowsAndGlobals() {
        for window in [0, 1, 3, 30] {
            for globals: Set<Int> in [[], [0], [0, 17]] {
                assertMatchesManualMask(window: window, globals: globals, mask: .none(keyLength: 23), seed: UInt64(10 + window))
            }
        }
    }

    func testKeyPaddingWithGlobals() {
        // Padding no longer than the window, so every query keeps a real key in its band.
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 23, padding: [0, 3]), keyLength: 23)
        for window in [3, 5] {
            assertMatchesManualMask(window: window, globals: [2, 11], mask: mask, seed: 20 + UInt64(window))
        }
    }

    func testCausalWindowWithPadding() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 23, padding: [2, 0]), keyLength: 23, isCausal: true)
        for window in [2, 4] {
            assertMatchesManualMask(window: window, globals: [0, 9], mask: mask, seed: 30 + UInt64(window))
        }
    }

    func testCausalWithQueryOffset() {
        let mask = AttentionMask(keyLength: 23, isCausal: true, queryOffset: 16)
        assertMatchesManualMask(queries: 7, keys: 23, window: 4, globals: [1, 19], mask: mask, seed: 40)
    }

    func testFixedBias() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 23, padding: [1, 0]), keyLength: 23)
        assertMatchesManualMask(window: 3, globals: [5], mask: mask,
                                extraBias: randomBias(heads: 3, queries: 23, keys: 23, seed: 41), seed: 42)
    }

    func testFullyMaskedRowsAreUniform() {
        let mask = AttentionMask(keyIsToken: keyPadding(keys: 10, padding: [0, 10]), keyLength: 10)
        let inputs = AttentionInputs(batch: 2, heads: 2, queries: 10, keys: 10, headDimension: 4, seed: 50)
        let expected = AttentionRun(composedAttention(), inputs, mask: mask)
        let actual = AttentionRun(SlidingWindowAttention(window: 10), inputs, mask: mask)
        actual.assertMatches(expected, "fully masked rows")
        XCTAssertFalse(actual.output.scalars.contains { $0.isNaN })
    }
}

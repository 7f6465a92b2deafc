import Foundation
import SmithyNN
import SmithyTensor

/// ALiBi (Press et al. 2022): a per-head linear penalty on distance added to the attention scores,
/// bias[h, i, j] = −m_h·|p_j − p_i|, with m_h from the paper's `get_slopes` for any head count.
///
/// Two forms: bidirectional, −m·|i−j| everywhere; causal, −m·(i−j) for j ≤ i and 0 above the
/// diagonal. They are equal wherever a causal mask lets attention through, so under a causal mask
/// the probabilities are identical; the causal form just leaves masked entries at 0. The form
/// follows the mask's `isCausal`. With custom values the distance is |value_i − value_j|.
/// Cross-attention gets no ALiBi: `PositionalEncodings` asks for score biases in self-attention only.
///
/// Differences from the original: the original's slopes are (1/2)^h for h = 1…H, which equal the
/// paper's only for 8 heads (available as `originalSlopes` for parity); the original applies ALiBi
/// in cross-attention exactly when the two lengths happen to be equal; the original's
/// `value_to_not_apply_linear_bias_toward` (no bias for tokens carrying one value) is not ported.
public final class ALiBiBias: Module, ScoreBiasPositionalStrategy {
    /// One slope per head.
    public let slopes: [Float]

    /// The paper's slopes for `heads` heads.
    public convenience init(heads: Int) { self.init(slopes: Self.paperSlopes(heads: heads)) }

    /// Explicit slopes, one per head.
    public init(slopes: [Float]) {
        precondition(!slopes.isEmpty, "[ALiBiBias] needs at least one slope")
        self.slopes = slopes
        super.init()
    }

    /// The ALiBi paper's reference `get_slopes(n)`: for a power of two n, the geometric sequence
    /// starting at and with ratio 2^(−8/n); otherwise the slopes of the closest smaller power of two
    /// followed by every other slope of twice that power.
    public static func paperSlopes(heads: Int) -> [Float] {
        precondition(heads > 0, "[ALiBiBias] needs at least one head, got \(heads)")
        func powerOfTwoSlopes(_ n: Int) -> [Double] {
            let start = Foundation.pow(2, -Foundation.pow(2, -(log2(Double(n)) - 3)))
            return (0..<n).map { start * Foundation.pow(start, Double($0)) }
        }
        func slopes(_ n: Int) -> [Double] {
            if n & (n - 1) == 0 { return powerOfTwoSlopes(n) }
            let closest = 1 << Int(log2(Double(n)).rounded(.down))
            let doubled = slopes(2 * closest)
            return powerOfTwoSlopes(closest) + stride(from: 0, to: doubled.count, by: 2).map { doubled[$0] }.prefix(n - closest)
        }
        return slopes(heads).map(Float.init)
    }

    /// The original AttentionSmithy's slopes, (1/degree)^h for h = 1…heads (parity only).
    public static func originalSlopes(heads: Int, degree: Float = 2) -> [Float] {
        (1...heads).map { Foundation.pow(1 / degree, Float($0)) }
    }

    public func bias(query: Tensor, queryPositions: TokenPositions, keyPositions: TokenPositions,
                     heads: Int, isCausal: Bool) -> AttentionBias {
        precondition(heads == slopes.count, "[ALiBiBias] \(slopes.count) slopes for \(heads) heads")
        return Bias(slopes: slopes, queryPositions: queryPositions, keyPositions: keyPositions, isCausal: isCausal)
    }

    /// ALiBi scores for blocks of one attention call: [batch or 1, heads, queries, keys].
    public struct Bias: AttentionBias {
        public let slopes: [Float]
        public let queryPositions: TokenPositions
        public let keyPositions: TokenPositions
        /// Whether entries with key index > query index are left at 0 (the causal form).
        public let isCausal: Bool

        public func scores(queries: Range<Int>, keys: Range<Int>) -> Tensor {
            let relative = RelativePositions(queryPositions: queryPositions, keyPositions: keyPositions, queries: queries, keys: keys)
            let block = queries.count * keys.count
            let result = Tensor(uninitializedShape: [relative.batch, slopes.count, queries.count, keys.count])
            // Index of query 0 among the keys (a decoding step's queries come after the cached keys).
            let queryStart = queryPositions.offset - keyPositions.offset
            var output = result.pointer
            for sequence in 0..<relative.batch {
                for slope in slopes {
                    var element = sequence * block
                    for query in queries {
                        for key in keys {
                            let allowed = !isCausal || key <= queryStart + query
                            output.pointee = allowed ? -slope * abs(relative.values[element]) : 0
                            output += 1
                            element += 1
                        }
                    }
                }
            }
            return result
        }

        public var requiresGradient: Bool { false }
    }
}

import CSmithyKernels

/// Which elements an inverted dropout keeps: one bit per element, so a mask costs 1/32 of the
/// tensor it applies to (attention keeps its [B, H, Lq, Lk] mask for backward: 8 × 512 tokens,
/// 4 heads, 6 layers hold 6 MB of bits instead of 201 MB of float multipliers).
///
/// Every dropout in the project draws its mask here, so one seed gives one mask whichever kernel
/// applies it: element i is dropped when its 24-bit uniform is below p · 2²⁴, two elements per
/// 64-bit draw (bits 40–63 for even i, 16–39 for odd i). Kept elements are scaled by 1/(1 − p).
public struct DropoutMask: @unchecked Sendable {
    /// Elements covered.
    public let count: Int
    /// The multiplier of a kept element, 1/(1 − p).
    public let scale: Float
    private let keepBits: [UInt32]

    /// Draws the mask of `count` elements with drop probability `probability` from `generator`.
    public init(count: Int, probability: Float, generator: RandomGenerator) {
        precondition(probability > 0 && probability < 1, "[dropout] probability \(probability) is outside (0, 1)")
        self.count = count
        scale = 1 / (1 - probability)
        let threshold = UInt64(Double(probability) * Double(1 << 24))
        var words = [UInt32](repeating: 0, count: (count + 31) / 32)
        words.withUnsafeMutableBufferPointer { words in
            generator.withBulkDraws { random in
                /// The keep bits of elements k and k + 1 from one draw, shifted to their places in a word.
                func pair(_ k: UInt32) -> UInt32 {
                    let bits = random.next()
                    let even: UInt32 = (bits >> 40) >= threshold ? 1 : 0
                    let odd: UInt32 = ((bits >> 16) & 0xFF_FFFF) >= threshold ? 2 : 0
                    return (even | odd) << k
                }
                let fullWords = count / 32
                for w in 0..<fullWords {
                    var word: UInt32 = 0
                    for k in stride(from: UInt32(0), to: 32, by: 2) { word |= pair(k) }
                    words[w] = word
                }
                let remaining = count - fullWords * 32
                if remaining > 0 {
                    var word: UInt32 = 0
                    for k in stride(from: UInt32(0), to: UInt32(remaining), by: 2) { word |= pair(k) }
                    // An odd count uses only the high half of its last draw.
                    words[fullWords] = word & (UInt32.max >> (32 - remaining))
                }
            }
        }
        keepBits = words
    }

    /// destination[j] = source[j] · multiplier(first + j) for j in 0..<length, on the calling thread.
    /// `source` may be `destination` (in place), but the two must not otherwise overlap.
    public func apply(_ source: UnsafePointer<Float>, elementsFrom first: Int, count length: Int,
                      to destination: UnsafeMutablePointer<Float>) {
        precondition(first >= 0 && first + length <= count, "[dropout] elements \(first)..<\(first + length) outside a mask of \(count)")
        keepBits.withUnsafeBufferPointer { smithy_dropout_apply(source, $0.baseAddress, first, scale, destination, length) }
    }

    /// destination = source ⊙ multipliers over the whole mask, split across the compute threads.
    func applyToAll(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>) {
        nonisolated(unsafe) let (source, destination) = (source, destination)
        ComputeThreads.parallelFor(count) { range in
            apply(source + range.lowerBound, elementsFrom: range.lowerBound, count: range.count,
                  to: destination + range.lowerBound)
        }
    }

    /// The mask as a float tensor of `shape`: 0 where dropped, `scale` where kept.
    public func multipliers(_ shape: [Int]) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        precondition(result.count == count, "[dropout] shape \(shape) does not hold the mask's \(count) elements")
        for i in 0..<count { result.pointer[i] = (keepBits[i >> 5] >> (i & 31)) & 1 == 1 ? scale : 0 }
        return result
    }
}

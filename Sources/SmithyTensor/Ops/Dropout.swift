/// Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1 − p).

extension Tensor {
    /// Dropout with probability `p`, drawing the mask from `generator`; the identity when `p` is 0.
    public func dropout(_ p: Float, generator: RandomGenerator) -> Tensor {
        precondition(p >= 0 && p < 1, "[dropout] probability \(p) is outside [0, 1)")
        if p == 0 { return self }
        let mask = Tensor.dropoutMultipliers(shape, p, generator: generator)
        let result = Tensor(uninitializedShape: shape)
        zipElements(count, pointer, mask.pointer, result.pointer) { $0 * $1 }
        return result.recorded("dropout", [self]) { g, _ in
            let gradient = Tensor(uninitializedShape: g.shape)
            zipElements(g.count, g.pointer, mask.pointer, gradient.pointer) { $0 * $1 }
            return [gradient]
        }
    }

    /// The inverted-dropout multipliers of `shape`: 0 with probability `p`, 1/(1 − p) otherwise.
    /// Every dropout in the project draws its mask here, so one seed gives one mask whichever
    /// kernel applies it. Two 24-bit uniforms come from each 64-bit draw.
    public static func dropoutMultipliers(_ shape: [Int], _ p: Float, generator: RandomGenerator) -> Tensor {
        precondition(p > 0 && p < 1, "[dropout] probability \(p) is outside (0, 1)")
        let mask = Tensor(uninitializedShape: shape)
        let keep = 1 / (1 - p)
        let threshold = UInt64(Double(p) * Double(1 << 24))
        let values = mask.pointer, total = mask.count
        generator.withBulkDraws { random in
            var index = 0
            while index < total {
                let bits = random.next()
                values[index] = (bits >> 40) < threshold ? 0 : keep
                if index + 1 < total { values[index + 1] = ((bits >> 16) & 0xFF_FFFF) < threshold ? 0 : keep }
                index += 2
            }
        }
        return mask
    }
}

/// Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1 − p).

extension Tensor {
    /// Dropout with probability `p`, drawing the mask from `generator`; the identity when `p` is 0.
    public func dropout(_ p: Float, generator: RandomGenerator) -> Tensor {
        precondition(p >= 0 && p < 1, "[dropout] probability \(p) is outside [0, 1)")
        if p == 0 { return self }
        let mask = Tensor(uninitializedShape: shape)
        let keep = 1 / (1 - p)
        for index in 0..<count { mask.pointer[index] = generator.nextUniform() < p ? 0 : keep }
        let result = Tensor(uninitializedShape: shape)
        zipElements(count, pointer, mask.pointer, result.pointer) { $0 * $1 }
        return result.recorded("dropout", [self]) { g, _ in
            let gradient = Tensor(uninitializedShape: g.shape)
            zipElements(g.count, g.pointer, mask.pointer, gradient.pointer) { $0 * $1 }
            return [gradient]
        }
    }
}

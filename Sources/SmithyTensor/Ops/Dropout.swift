/// Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1 − p).

extension Tensor {
    /// Dropout with probability `p`, drawing the mask (`DropoutMask`) from `generator`; the
    /// identity when `p` is 0. Backward keeps the mask's bits, not a float tensor.
    public func dropout(_ p: Float, generator: RandomGenerator) -> Tensor {
        precondition(p >= 0 && p < 1, "[dropout] probability \(p) is outside [0, 1)")
        if p == 0 { return self }
        let mask = DropoutMask(count: count, probability: p, generator: generator)
        let result = Tensor(uninitializedShape: shape)
        mask.applyToAll(pointer, to: result.pointer)
        return result.recorded("dropout", [self]) { g in
            let gradient = Tensor(uninitializedShape: g.shape)
            mask.applyToAll(g.pointer, to: gradient.pointer)
            return [gradient]
        }
    }

}

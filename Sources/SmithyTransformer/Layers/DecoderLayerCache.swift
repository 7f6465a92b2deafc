import SmithyTensor

/// What one decoder layer keeps between incremental decoding steps: the keys/values of every
/// target position seen so far (self-attention) and the encoder output's keys/values (computed at
/// the first step, reused afterwards).
public final class DecoderLayerCache {
    /// Grows by one position per step: [batch, heads, cachedLength, headDimension].
    public let selfAttention = KeyValueCache()
    /// Filled once: [batch, heads, sourceLength, headDimension].
    public let crossAttention = KeyValueCache()

    public init() {}

    /// Number of target positions already decoded.
    public var length: Int { selfAttention.length }

    /// Keeps only the batch entries at `indices`, in that order (repeats allowed: beam expansion).
    public func select(batchEntries indices: [Int]) {
        selfAttention.select(batchEntries: indices)
        crossAttention.select(batchEntries: indices)
    }
}

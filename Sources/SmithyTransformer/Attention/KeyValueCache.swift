import SmithyTensor

/// Keys and values already computed by one attention block during incremental decoding.
///
/// For decoder self-attention each step appends the new token's keys and values; for
/// cross-attention the encoder's keys and values are computed once and reused every step.
public final class KeyValueCache {
    /// [batch, heads, cachedLength, headDimension], or nil before the first step.
    public private(set) var keys: Tensor?
    /// [batch, heads, cachedLength, headDimension], or nil before the first step.
    public private(set) var values: Tensor?

    public init() {}

    /// Number of cached positions.
    public var length: Int { keys?.shape[2] ?? 0 }

    /// Appends `newKeys`/`newValues` along the sequence axis and returns the whole cache.
    public func append(keys newKeys: Tensor, values newValues: Tensor) -> (keys: Tensor, values: Tensor) {
        keys = keys.map { concat([$0, newKeys], axis: 2) } ?? newKeys
        values = values.map { concat([$0, newValues], axis: 2) } ?? newValues
        return (keys!, values!)
    }

    /// Stores keys and values computed once (cross-attention).
    public func store(keys: Tensor, values: Tensor) {
        self.keys = keys
        self.values = values
    }

    /// Keeps only the batch entries at `indices`, in that order (beam search reordering).
    public func select(batchEntries indices: [Int]) {
        keys = keys.map { gatherBatch($0, indices) }
        values = values.map { gatherBatch($0, indices) }
    }
}

/// The batch entries of `x` (leading axis) at `indices`, in that order.
public func gatherBatch(_ x: Tensor, _ indices: [Int]) -> Tensor {
    concat(indices.map { x.slice(axis: 0, $0..<($0 + 1)) }, axis: 0)
}

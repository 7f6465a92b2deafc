import SmithyTensor

/// An additive bias on attention scores (ALiBi, T5 buckets, Shaw relative positions, or a
/// caller's own), added after scaling by 1/√d and before masking.
///
/// It is asked for blocks of queries × keys so that a tiled attention method never needs the
/// whole [queries, keys] matrix at once.
public protocol AttentionBias {
    /// The bias for `queries` × `keys`: shape [batch or 1, heads or 1, queries.count, keys.count].
    /// May carry gradients to learned parameters (the standard method passes them on).
    func scores(queries: Range<Int>, keys: Range<Int>) -> Tensor

    /// Whether the bias has learned parameters that need gradients.
    var requiresGradient: Bool { get }
}

/// Several biases added together.
public struct SummedAttentionBias: AttentionBias {
    public let parts: [AttentionBias]

    public init(_ parts: [AttentionBias]) { self.parts = parts }

    public func scores(queries: Range<Int>, keys: Range<Int>) -> Tensor {
        parts.dropFirst().reduce(parts[0].scores(queries: queries, keys: keys)) { $0 + $1.scores(queries: queries, keys: keys) }
    }

    public var requiresGradient: Bool { parts.contains { $0.requiresGradient } }
}

/// A fixed bias tensor supplied by the caller, [batch or 1, heads or 1, queries, keys].
public struct TensorAttentionBias: AttentionBias {
    public let tensor: Tensor

    public init(_ tensor: Tensor) { self.tensor = tensor }

    public func scores(queries: Range<Int>, keys: Range<Int>) -> Tensor {
        let rank = tensor.rank
        let rows = tensor.shape[rank - 2] == 1 ? tensor : tensor.slice(axis: rank - 2, queries)
        return rows.shape[rank - 1] == 1 ? rows : rows.slice(axis: rank - 1, keys)
    }

    public var requiresGradient: Bool { tensor.requiresGrad }
}

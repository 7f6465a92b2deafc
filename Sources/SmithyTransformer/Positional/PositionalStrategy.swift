import SmithyNN
import SmithyTensor

/// The three places a positional strategy can act (the original's three hooks), as protocols.
/// A strategy is a `Module`, so learned tables train with the model.

/// Adds a vector per token to the token embeddings (sinusoidal, learned).
public protocol EmbeddingPositionalStrategy: Module {
    /// [batch or 1, length, dimension] to add to token embeddings of width `dimension`.
    func embedding(for positions: TokenPositions, dimension: Int) -> Tensor
}

/// Transforms per-head queries and keys (rotary).
public protocol QueryKeyPositionalStrategy: Module {
    /// `x` [batch, heads, length, headDimension] with position information applied.
    func apply(to x: Tensor, positions: TokenPositions) -> Tensor
}

/// Adds a bias to attention scores (ALiBi, T5 buckets, Shaw relative positions).
public protocol ScoreBiasPositionalStrategy: Module {
    /// The bias between `queryPositions` and `keyPositions` for `heads` heads. `query` is the
    /// per-head query [batch, heads, queries, headDimension], for content-dependent biases (Shaw).
    func bias(query: Tensor, queryPositions: TokenPositions, keyPositions: TokenPositions,
              heads: Int, isCausal: Bool) -> AttentionBias
}

import SmithyNN
import SmithyTensor

/// The one manager of positional strategies (the original's `NumericEmbeddingManager`): any set
/// of them, all active together, each at its hook.
///
/// Embedding strategies are summed into the token embeddings, query/key strategies are applied
/// one after another, score biases are summed. A hook with no strategy costs nothing: no tensor is
/// built. Differences from the original: strategies are typed and found once at construction (not
/// through `dir()` on every call), and query/key and score-bias strategies act in self-attention
/// only — source and target positions in cross-attention are unrelated, so rotating them or biasing
/// by their distance has no meaning (the original rotates cross-attention, and leaves ALiBi off there).
public final class PositionalEncodings: Module {
    /// Every strategy, in the order given.
    public let strategies: [Module]
    // Computed, not stored: stored arrays of strategies would be found again by parameter reflection.
    private var embeddingStrategies: [EmbeddingPositionalStrategy] { strategies.compactMap { $0 as? EmbeddingPositionalStrategy } }
    private var queryKeyStrategies: [QueryKeyPositionalStrategy] { strategies.compactMap { $0 as? QueryKeyPositionalStrategy } }
    private var scoreBiasStrategies: [ScoreBiasPositionalStrategy] { strategies.compactMap { $0 as? ScoreBiasPositionalStrategy } }

    /// A manager owning `strategies`; each must conform to at least one strategy protocol.
    public init(_ strategies: [Module]) {
        for strategy in strategies {
            precondition(strategy is EmbeddingPositionalStrategy || strategy is QueryKeyPositionalStrategy
                         || strategy is ScoreBiasPositionalStrategy, "\(type(of: strategy)) is not a positional strategy")
        }
        self.strategies = strategies
        super.init()
    }

    /// Token embeddings [batch, length, dimension] plus every embedding strategy's vectors.
    public func embed(_ tokens: Tensor, positions: TokenPositions) -> Tensor {
        embeddingStrategies.reduce(tokens) { $0 + $1.embedding(for: positions, dimension: tokens.shape[2]) }
    }

    /// Per-head queries or keys [batch, heads, length, headDimension] after every query/key strategy.
    public func transform(_ x: Tensor, positions: TokenPositions, isSelfAttention: Bool) -> Tensor {
        guard isSelfAttention else { return x }
        return queryKeyStrategies.reduce(x) { $1.apply(to: $0, positions: positions) }
    }

    /// The summed score bias of every bias strategy, or nil when there is none (or in cross-attention).
    public func scoreBias(query: Tensor, queryPositions: TokenPositions, keyPositions: TokenPositions,
                          heads: Int, isCausal: Bool, isSelfAttention: Bool) -> AttentionBias? {
        guard isSelfAttention, !scoreBiasStrategies.isEmpty else { return nil }
        let biases = scoreBiasStrategies.map {
            $0.bias(query: query, queryPositions: queryPositions, keyPositions: keyPositions, heads: heads, isCausal: isCausal)
        }
        return biases.count == 1 ? biases[0] : SummedAttentionBias(biases)
    }
}

import SmithyTensor

/// Exact attention for long sequences that never holds the [queries, keys] score matrix: tiled
/// with an online softmax, forward and backward (FlashAttention-2 on the CPU; see
/// `TiledAttentionKernel`). Same numbers as `ScaledDotProductAttention` (within float rounding),
/// with memory O(L·d + block²) per head instead of O(L²).
///
/// Shapes as `AttentionMethod`: query [B, H, Lq, d], key/value [B, H, Lk, d] → [B, H, Lq, d].
///
/// Limits (both preconditions): score biases must be fixed (ALiBi, a `TensorAttentionBias`);
/// a bias with learned parameters needs `ScaledDotProductAttention`. There is no dropout on the
/// probabilities, so a dropout probability may not be combined with training. It never returns
/// the probabilities. (The original AttentionSmithy has no memory-efficient exact method.)
public final class MemoryEfficientAttention: AttentionMethod {
    /// Queries per tile.
    public let queryBlock: Int
    /// Keys per tile.
    public let keyBlock: Int
    /// Dropout the caller asked for: must be 0 whenever `attend` runs in training.
    public let dropout: Float

    public init(queryBlock: Int = 64, keyBlock: Int = 128, dropout: Float = 0) {
        precondition(queryBlock > 0 && keyBlock > 0,
                     "[MemoryEfficientAttention] block sizes \(queryBlock)×\(keyBlock) must be positive")
        self.queryBlock = queryBlock
        self.keyBlock = keyBlock
        self.dropout = dropout
    }

    public func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask,
                       bias: AttentionBias?, training: Bool) -> AttentionResult {
        precondition(!(training && dropout > 0),
                     "[MemoryEfficientAttention] has no dropout on the probabilities (asked for \(dropout)); use ScaledDotProductAttention")
        return AttentionResult(output: TiledAttentionKernel.attend(query: query, key: key, value: value, mask: mask, bias: bias,
                                                                   queryBlock: queryBlock, keyBlock: keyBlock))
    }
}

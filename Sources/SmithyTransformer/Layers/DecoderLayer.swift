import SmithyNN
import SmithyTensor

/// Masked self-attention, cross-attention over the encoder output, then feed-forward, each inside
/// a residual sublayer. Target [batch, Lt, D] and memory [batch, Ls, D] → [batch, Lt, D].
///
/// With pre-norm the self-attention block reads the normalised target for queries, keys and values;
/// the cross-attention block normalises only its query: the encoder output is used as-is for keys
/// and values (it is already normalised by the encoder's final norm).
/// Difference from the original: causality is a property of the mask (checked here), not of the
/// attention method, so any `AttentionMethod` can serve as decoder self-attention (the original
/// raises unless the method has `is_causal_masking=True`).
public final class DecoderLayer: Module {
    public let selfAttention: MultiheadAttention
    public let selfAttentionSublayer: ResidualSublayer
    public let crossAttention: MultiheadAttention
    public let crossAttentionSublayer: ResidualSublayer
    public let feedForward: FeedForwardNetwork
    public let feedForwardSublayer: ResidualSublayer

    public init(selfAttention: MultiheadAttention, crossAttention: MultiheadAttention, feedForward: FeedForwardNetwork,
                selfAttentionSublayer: ResidualSublayer, crossAttentionSublayer: ResidualSublayer,
                feedForwardSublayer: ResidualSublayer) {
        self.selfAttention = selfAttention
        self.selfAttentionSublayer = selfAttentionSublayer
        self.crossAttention = crossAttention
        self.crossAttentionSublayer = crossAttentionSublayer
        self.feedForward = feedForward
        self.feedForwardSublayer = feedForwardSublayer
        super.init()
    }

    /// `x` [batch, Lt, D] (the new positions only when decoding with a `cache`); `memory` [batch, Ls, D].
    /// `targetMask` must be causal and cover every target key (cached ones included, `queryOffset`
    /// = cached length); `memoryMask` covers the source keys. `positions` are the new target
    /// tokens' positions, `memoryPositions` the source tokens'.
    public func callAsFunction(_ x: Tensor, memory: Tensor, targetMask: AttentionMask, memoryMask: AttentionMask,
                               positional: PositionalEncodings?, positions: TokenPositions,
                               memoryPositions: TokenPositions, cache: DecoderLayerCache? = nil) -> Tensor {
        precondition(targetMask.isCausal, "[DecoderLayer] the target self-attention mask must be causal")
        precondition(x.rank == 3 && memory.rank == 3 && x.shape[0] == memory.shape[0] && x.shape[2] == memory.shape[2],
                     "[DecoderLayer] target \(x.shape) and memory \(memory.shape) must be [batch, length, D] alike")
        let attended = selfAttentionSublayer(x) { normalized in
            selfAttention(normalized, keysAndValues: normalized, mask: targetMask, positional: positional,
                          queryPositions: positions, keyPositions: positions, isSelfAttention: true,
                          cache: cache?.selfAttention)
        }
        let informed = crossAttentionSublayer(attended) { normalized in
            crossAttention(normalized, keysAndValues: memory, mask: memoryMask, positional: positional,
                           queryPositions: positions, keyPositions: memoryPositions, isSelfAttention: false,
                           cache: cache?.crossAttention)
        }
        return feedForwardSublayer(informed) { feedForward($0) }
    }
}

import SmithyNN
import SmithyTensor

/// Self-attention then feed-forward, each inside a residual sublayer. [batch, L, D] → [batch, L, D].
public final class EncoderLayer: Module {
    public let attention: MultiheadAttention
    public let attentionSublayer: ResidualSublayer
    public let feedForward: FeedForwardNetwork
    public let feedForwardSublayer: ResidualSublayer

    public init(attention: MultiheadAttention, feedForward: FeedForwardNetwork,
                attentionSublayer: ResidualSublayer, feedForwardSublayer: ResidualSublayer) {
        self.attention = attention
        self.feedForward = feedForward
        self.attentionSublayer = attentionSublayer
        self.feedForwardSublayer = feedForwardSublayer
        super.init()
    }

    /// `x` [batch, L, D]; `mask` covers its keys; `positions` are its tokens' positions.
    public func callAsFunction(_ x: Tensor, mask: AttentionMask, positional: PositionalEncodings?,
                               positions: TokenPositions) -> Tensor {
        let attended = attentionSublayer(x) { normalized in
            attention(normalized, keysAndValues: normalized, mask: mask, positional: positional,
                      queryPositions: positions, keyPositions: positions, isSelfAttention: true)
        }
        return feedForwardSublayer(attended) { feedForward($0) }
    }
}

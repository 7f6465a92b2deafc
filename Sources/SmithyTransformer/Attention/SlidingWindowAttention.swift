import SmithyTensor

/// Longformer-style attention: each query sees the keys within `window` positions on each side
/// (only the past `window` under a causal mask), plus global positions: a global query sees every
/// key and every query sees a global key. Key padding and a query offset (cache) are respected.
/// Memory grows with L·(2·window + 1 + globals), never L² (see `BandedAttentionKernel`).
///
/// Shapes as `AttentionMethod`: query [B, H, Lq, d], key/value [B, H, Lk, d] → [B, H, Lq, d].
///
/// Differences from the original `LongformerAttentionMethod`: any length works (the original
/// requires L to be a multiple of 2·window and asks the caller to pad); global positions are one
/// set shared by the batch (the original takes a [B, L] global mask) and use the same projections
/// (no `use_global_weights`); a causal mask gives the one-sided causal window, so it can serve as
/// decoder self-attention; fixed score biases (ALiBi) are applied, which the original ignores;
/// a query with no allowed key gets uniform weights over all keys (the standard method's rule).
/// No dropout and no returned probabilities (the original has neither in practice).
public final class SlidingWindowAttention: AttentionMethod {
    /// Keys seen on each side of a query's position.
    public let window: Int
    /// Positions (key indices, and query positions counting the mask's query offset) that are global.
    public let globalPositions: Set<Int>

    public init(window: Int, globalPositions: Set<Int> = []) {
        precondition(window >= 0, "[SlidingWindowAttention] window \(window) is negative")
        self.window = window
        self.globalPositions = globalPositions
    }

    public func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask,
                       bias: AttentionBias?, training: Bool) -> AttentionResult {
        let layout = BandLayout(queries: query.shape[2], keys: key.shape[2], window: window, globalPositions: globalPositions,
                                queryOffset: mask.queryOffset, isCausal: mask.isCausal)
        return AttentionResult(output: BandedAttentionKernel.attend(query: query, key: key, value: value, mask: mask,
                                                                    bias: bias, layout: layout))
    }
}

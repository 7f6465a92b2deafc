import SmithyTensor

/// How attention weights are computed from per-head queries, keys and values: the pluggable part
/// of `MultiheadAttention` (the original's `attention_method`).
///
/// Shapes: query [batch, heads, queries, headDimension]; key and value [batch, heads, keys,
/// headDimension]; the result [batch, heads, queries, headDimension].
public protocol AttentionMethod: AnyObject {
    /// Attention of `query` over `key`/`value`, under `mask`, with an optional additive `bias`.
    /// `training` turns on dropout of the probabilities where the method has it.
    func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask,
                bias: AttentionBias?, training: Bool) -> AttentionResult
}

/// The output of an attention method.
public struct AttentionResult {
    /// [batch, heads, queries, headDimension].
    public var output: Tensor
    /// [batch, heads, queries, keys] when the method was asked to keep them (for inspection).
    public var probabilities: Tensor?

    public init(output: Tensor, probabilities: Tensor? = nil) {
        self.output = output
        self.probabilities = probabilities
    }
}

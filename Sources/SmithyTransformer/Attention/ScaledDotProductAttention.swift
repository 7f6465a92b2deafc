import SmithyNN
import SmithyTensor

/// Standard attention: softmax(q·kᵀ/√d + bias, masked) · v, with dropout on the probabilities.
///
/// Blocked positions are set to −1e30 before the softmax (exactly zero weight after it); a query
/// whose keys are all blocked gets uniform weights instead of NaN (the original produces NaN there).
///
/// By default it runs as one fused op (`FusedAttentionKernel`: sgemm + one SIMD softmax pass per
/// row, keeping only the probabilities for backward). A bias with learned parameters takes the
/// composed-ops path instead, which carries the gradient to the bias. The returned probabilities
/// (after dropout) are for inspection: on the fused path they are not differentiable.
public final class ScaledDotProductAttention: AttentionMethod {
    /// Dropout probability applied to the attention probabilities in training.
    public let dropout: Float
    /// Whether to return the probabilities with the output.
    public var keepsProbabilities: Bool
    /// Whether to use the fused kernel when the bias needs no gradient (false: always composed ops).
    public var usesFusedKernel: Bool
    private let generator: RandomGenerator

    public init(dropout: Float = 0, keepsProbabilities: Bool = false, usesFusedKernel: Bool = true,
                generator: RandomGenerator) {
        self.dropout = dropout
        self.keepsProbabilities = keepsProbabilities
        self.usesFusedKernel = usesFusedKernel
        self.generator = generator
    }

    public func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask,
                       bias: AttentionBias?, training: Bool) -> AttentionResult {
        let activeDropout = training ? dropout : 0
        if usesFusedKernel && !(bias?.requiresGradient ?? false) {
            let (output, probabilities) = FusedAttentionKernel.attend(query: query, key: key, value: value, mask: mask,
                                                                      bias: bias, dropout: activeDropout, generator: generator,
                                                                      keepsProbabilities: keepsProbabilities)
            return AttentionResult(output: output, probabilities: probabilities)
        }
        let (batch, queries, headDimension) = (query.shape[0], query.shape[2], query.shape[3])
        var scores = matmul(query, key, transposeB: true) * (1 / Float(headDimension).squareRoot())
        if let bias { scores = scores + bias.scores(queries: 0..<queries, keys: 0..<key.shape[2]) }
        if let blocked = mask.blockedTensor(batch: batch, queries: queries) {
            scores = scores.maskedFill(blocked, -1e30)
        }
        var probabilities = scores.softmax(axis: -1)
        if activeDropout > 0 { probabilities = probabilities.dropout(activeDropout, generator: generator) }
        return AttentionResult(output: matmul(probabilities, value), probabilities: keepsProbabilities ? probabilities : nil)
    }
}

import SmithyNN
import SmithyTensor

/// Which normalisation a sublayer uses.
public enum NormalizationKind: String, Codable, Sendable {
    case layerNorm = "layernorm"
    case rmsNorm = "rmsnorm"

    /// A fresh normalisation module over `dimension` features.
    public func make(_ dimension: Int, epsilon: Float) -> Normalization {
        switch self {
        case .layerNorm: return LayerNorm(dimension, epsilon: epsilon)
        case .rmsNorm: return RMSNorm(dimension, epsilon: epsilon)
        }
    }
}

/// A normalisation module: [..., D] → [..., D].
public protocol Normalization: Module {
    func callAsFunction(_ input: Tensor) -> Tensor
}

extension LayerNorm: Normalization {}
extension RMSNorm: Normalization {}

/// Where a sublayer normalises: before the block (pre-norm) or after the residual sum (post-norm,
/// the original Transformer and BERT).
public enum NormPlacement: String, Codable, Sendable {
    case pre
    case post
}

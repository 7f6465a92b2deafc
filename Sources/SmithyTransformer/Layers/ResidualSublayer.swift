import SmithyNN
import SmithyTensor

/// Residual connection, dropout and normalisation around one block (attention or feed-forward):
/// post-norm: norm(x + dropout(block(x))); pre-norm: x + dropout(block(norm(x))).
///
/// With pre-norm the block receives the normalised input for everything it reads, so a
/// self-attention block normalises its keys and values too (the original normalises only the
/// query). There is no unused extra norm (the original creates one and never calls it).
public final class ResidualSublayer: Module {
    public let norm: Normalization
    public let placement: NormPlacement
    public let dropout: Dropout

    public init(dimension: Int, placement: NormPlacement, normalization: NormalizationKind, epsilon: Float,
                dropout: Float, generator: RandomGenerator) {
        norm = normalization.make(dimension, epsilon: epsilon)
        self.placement = placement
        self.dropout = Dropout(dropout, generator: generator)
        super.init()
    }

    /// Applies `block` with the residual connection around it.
    public func callAsFunction(_ x: Tensor, _ block: (Tensor) -> Tensor) -> Tensor {
        switch placement {
        case .pre: return x + dropout(block(norm(x)))
        case .post: return norm(x + dropout(block(x)))
        }
    }
}

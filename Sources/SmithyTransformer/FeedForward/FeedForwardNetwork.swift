import SmithyNN
import SmithyTensor

/// Position-wise feed-forward network: Linear(D → F, or 2F when gated) → activation → dropout →
/// Linear(F → D). [batch, length, D] → [batch, length, D].
public final class FeedForwardNetwork: Module {
    public let expand: Linear
    public let contract: Linear
    public let activation: Activation
    public let dropout: Dropout

    public init(modelDimension: Int, hiddenDimension: Int, activation: Activation, dropout: Float,
                generator: RandomGenerator) {
        expand = Linear(modelDimension, activation.isGated ? 2 * hiddenDimension : hiddenDimension, generator: generator)
        contract = Linear(hiddenDimension, modelDimension, generator: generator)
        self.activation = activation
        self.dropout = Dropout(dropout, generator: generator)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        contract(dropout(activation(expand(x))))
    }
}

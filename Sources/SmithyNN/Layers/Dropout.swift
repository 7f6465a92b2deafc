import SmithyTensor

/// Inverted dropout with probability `probability`, active only in training mode.
public final class Dropout: Module {
    /// Probability of zeroing each element.
    public let probability: Float
    private let generator: RandomGenerator

    public init(_ probability: Float, generator: RandomGenerator) {
        precondition(probability >= 0 && probability < 1, "Dropout probability \(probability) is outside [0, 1)")
        self.probability = probability
        self.generator = generator
        super.init()
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        isTraining && probability > 0 ? input.dropout(probability, generator: generator) : input
    }
}

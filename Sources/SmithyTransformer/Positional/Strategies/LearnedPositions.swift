import SmithyNN
import SmithyTensor

/// A learned table of position vectors added to the token embeddings: [maxLength, dimension],
/// looked up at each token's position.
///
/// Initialised N(0, std²) with std = 1 by default, as the original (`nn.Embedding`); BERT uses 0.02.
/// Custom position values are rounded to the nearest integer index, which must lie in
/// 0..<maxLength (a precondition failure names the value otherwise); the original has no
/// custom-value form of learned positions.
public final class LearnedPositions: Module, EmbeddingPositionalStrategy {
    /// [maxLength, dimension].
    public let weight: Tensor

    public init(maxLength: Int, dimension: Int, std: Float = 1, generator: RandomGenerator) {
        weight = .parameter([maxLength, dimension], .normal(std: std), generator: generator)
        super.init()
    }

    /// Number of positions the table holds.
    public var maxLength: Int { weight.shape[0] }

    /// [batch or 1, length, dimension]: batch 1 for sequential positions.
    public func embedding(for positions: TokenPositions, dimension: Int) -> Tensor {
        precondition(dimension == weight.shape[1],
                     "[LearnedPositions] table is \(describe(weight.shape)), embeddings have width \(dimension)")
        let batch = positions.isSequential ? 1 : positions.batch
        var indices: [Int] = []
        indices.reserveCapacity(batch * positions.length)
        for sequence in 0..<batch {
            for index in 0..<positions.length {
                let value = positions.value(sequence: sequence, index: index)
                let rounded = value.rounded()
                precondition(rounded >= 0 && rounded < Float(maxLength),
                             "[LearnedPositions] position \(value) is outside the table of \(maxLength) positions")
                indices.append(Int(rounded))
            }
        }
        return SmithyTensor.embedding(weight, indices: indices, shape: [batch, positions.length])
    }
}

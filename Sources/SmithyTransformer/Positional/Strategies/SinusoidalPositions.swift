import Foundation
import SmithyNN
import SmithyTensor

/// Fixed sinusoidal positions added to the token embeddings (Vaswani et al. 2017):
/// PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(p / 10000^(2i/D)).
///
/// With custom `TokenPositions` the value itself is used as p (the original's
/// `SinusoidalCustomEmbedding`), so one class serves both. No parameters.
public final class SinusoidalPositions: Module, EmbeddingPositionalStrategy {
    /// The base of the wavelengths (10000 in the paper).
    public let base: Float

    public init(base: Float = 10000) {
        self.base = base
        super.init()
    }

    /// [batch or 1, length, dimension]: batch 1 for sequential positions.
    public func embedding(for positions: TokenPositions, dimension: Int) -> Tensor {
        let batch = positions.isSequential ? 1 : positions.batch
        let table = Tensor(uninitializedShape: [batch, positions.length, dimension])
        let frequencies = (0..<(dimension + 1) / 2).map { Float(Foundation.pow(Double(base), -Double(2 * $0) / Double(dimension))) }
        var row = table.pointer
        for sequence in 0..<batch {
            for index in 0..<positions.length {
                let position = positions.value(sequence: sequence, index: index)
                for pair in frequencies.indices {
                    let angle = position * frequencies[pair]
                    row[2 * pair] = sin(angle)
                    if 2 * pair + 1 < dimension { row[2 * pair + 1] = cos(angle) }
                }
                row += dimension
            }
        }
        return table
    }
}

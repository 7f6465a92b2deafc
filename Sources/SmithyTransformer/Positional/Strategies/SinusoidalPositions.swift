import Foundation
import SmithyNN
import SmithyTensor

/// Fixed sinusoidal positions added to the token embeddings (Vaswani et al. 2017):
/// PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(p / 10000^(2i/D)).
///
/// Sequential positions read rows of one cached table, grown to the longest length seen (a view,
/// no copy); custom `TokenPositions` use each value itself as p. Difference from the original: one
/// class serves both (the original has `SinusoidalPositionEmbedding` and `SinusoidalCustomEmbedding`).
/// No parameters.
public final class SinusoidalPositions: Module, EmbeddingPositionalStrategy {
    /// The base of the wavelengths (10000 in the paper).
    public let base: Float
    /// Rows for positions 0, 1, …: [cachedLength, dimension].
    private var cachedTable: TensorBuffer?

    public init(base: Float = 10000) {
        self.base = base
        super.init()
    }

    /// [batch or 1, length, dimension]: batch 1 for sequential positions.
    public func embedding(for positions: TokenPositions, dimension: Int) -> Tensor {
        guard positions.isSequential else { return table(for: positions, dimension: dimension) }
        let end = positions.offset + positions.length
        if let cached = cachedTable?.tensor, cached.shape[0] >= end, cached.shape[1] == dimension {
            return cached.slice(axis: 0, positions.offset..<end).reshaped([1, positions.length, dimension])
        }
        let table = table(for: .sequential(length: end), dimension: dimension)
        cachedTable = TensorBuffer(table.reshaped([end, dimension]))
        return table.slice(axis: 1, positions.offset..<end)
    }

    /// The table for `positions` computed afresh: [batch or 1, length, dimension].
    private func table(for positions: TokenPositions, dimension: Int) -> Tensor {
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

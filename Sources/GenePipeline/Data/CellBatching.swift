import SmithyTensor
import SmithyTraining

/// Padded batches of in-memory cells for classification and inference.
enum CellBatching {
    /// Batches of cell indices in a fixed order, each of similar lengths (sorted by length, longest
    /// first), for inference where the order does not matter.
    static func byLength(_ cells: [Int], lengths: (Int) -> Int, batchSize: Int) -> [[Int]] {
        let sorted = cells.sorted { lengths($0) > lengths($1) }
        return stride(from: 0, to: sorted.count, by: batchSize).map { Array(sorted[$0..<min($0 + batchSize, sorted.count)]) }
    }

    /// The padded batch of `cells`' tokens.
    static func padded(_ cells: [Int], tokens: [[Int32]], padding: Int, maxLength: Int) -> PaddedBatch {
        PaddedBatch(cells.map { tokens[$0].map(Int.init) }, padding: padding, maxLength: maxLength)
    }
}

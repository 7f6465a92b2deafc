/// A block of consecutive cells as compressed sparse rows (cells × genes), reused between reads.
public struct CellRows {
    /// Index of the first cell of the block in its file.
    public var firstCell = 0
    /// `rowStarts[i] ..< rowStarts[i + 1]` are cell `i`'s entries; `cellCount + 1` values.
    public var rowStarts: [Int] = [0]
    /// Gene (column) index of each stored entry, ascending within a row.
    public var geneIndices: [Int32] = []
    /// Count of each stored entry.
    public var counts: [Double] = []

    public init() {}

    /// The number of cells in the block.
    public var cellCount: Int { rowStarts.count - 1 }

    /// Empties the block, keeping its storage, before cells starting at `firstCell` are read into it.
    mutating func reset(firstCell: Int) {
        self.firstCell = firstCell
        rowStarts.removeAll(keepingCapacity: true)
        rowStarts.append(0)
        geneIndices.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
    }

    /// Makes room for `entryCount` entries (zero-filled, storage reused) to be read in place.
    mutating func resizeEntries(to entryCount: Int) {
        geneIndices.removeAll(keepingCapacity: true)
        geneIndices.append(contentsOf: repeatElement(0, count: entryCount))
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: entryCount))
    }
}

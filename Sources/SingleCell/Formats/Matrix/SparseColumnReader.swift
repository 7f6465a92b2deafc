/// Reads a compressed sparse column matrix (cells × genes stored by gene) as blocks of cell rows.
///
/// Each block streams all stored entries in bounded pieces and keeps those of the block's cells,
/// so memory stays bounded but every block costs a pass over the matrix: use large blocks.
struct SparseColumnReader: CellRowReader {
    let data: HDF5Dataset
    let indices: HDF5Dataset
    let cellCount: Int
    let geneCount: Int
    /// `geneCount + 1` column pointers, read once (one value per gene).
    private let columnStarts: [Int64]
    private let piece = 1 << 20

    init(group: HDF5Group, cellCount: Int, geneCount: Int) throws {
        data = try group.dataset("data")
        indices = try group.dataset("indices")
        let indptr = try group.dataset("indptr")
        guard indptr.shape == [geneCount + 1] else {
            throw indptr.error("expected \(geneCount + 1) column pointers, found shape \(indptr.shape)")
        }
        guard data.isNumeric else { throw data.error("expected numeric counts, found \(data.typeDescription)") }
        columnStarts = try indptr.read(Int64.self)
        guard columnStarts.first == 0, columnStarts.last == Int64(data.elementCount),
              indices.shape == data.shape else {
            throw indptr.error("expected column pointers from 0 to \(data.elementCount)")
        }
        self.cellCount = cellCount
        self.geneCount = geneCount
    }

    func read(_ range: Range<Int>, into rows: inout CellRows) throws {
        var entries: [(cell: Int32, gene: Int32, count: Double)] = []
        var values = [Double](repeating: 0, count: piece)
        var cells = [Int32](repeating: 0, count: piece)
        var gene = 0
        var start = 0
        let total = data.elementCount
        while start < total {
            let length = min(piece, total - start)
            try data.read(start: [start], count: [length], into: &values)
            try indices.read(start: [start], count: [length], into: &cells)
            for offset in 0..<length {
                let entry = start + offset
                while Int64(entry) >= columnStarts[gene + 1] { gene += 1 }
                let cell = Int(cells[offset])
                guard cell >= 0, cell < cellCount else { throw indices.error("expected row indices in 0..<\(cellCount)") }
                if range.contains(cell) { entries.append((Int32(cell - range.lowerBound), Int32(gene), values[offset])) }
            }
            start += length
        }
        entries.sort { ($0.cell, $0.gene) < ($1.cell, $1.gene) }
        rows.reset(firstCell: range.lowerBound)
        var next = 0
        for cell in 0..<range.count {
            while next < entries.count && Int(entries[next].cell) == cell {
                rows.geneIndices.append(entries[next].gene)
                rows.counts.append(entries[next].count)
                next += 1
            }
            rows.rowStarts.append(rows.counts.count)
        }
    }
}

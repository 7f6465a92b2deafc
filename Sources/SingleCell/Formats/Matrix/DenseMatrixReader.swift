/// Reads a dense 2-D count matrix as blocks of cell rows, dropping zeros.
///
/// `cellsAlongRows` is true for AnnData's cells × genes `X`, false for Loom's genes × cells `matrix`.
struct DenseMatrixReader: CellRowReader {
    let matrix: HDF5Dataset
    let cellsAlongRows: Bool
    let cellCount: Int
    let geneCount: Int

    init(matrix: HDF5Dataset, cellsAlongRows: Bool) throws {
        let shape = matrix.shape
        guard shape.count == 2, matrix.isNumeric else {
            throw matrix.error("expected a 2-D numeric matrix, found shape \(shape) of \(matrix.typeDescription)")
        }
        self.matrix = matrix
        self.cellsAlongRows = cellsAlongRows
        cellCount = cellsAlongRows ? shape[0] : shape[1]
        geneCount = cellsAlongRows ? shape[1] : shape[0]
    }

    func read(_ range: Range<Int>, into rows: inout CellRows) throws {
        rows.reset(firstCell: range.lowerBound)
        var block = [Double](repeating: 0, count: range.count * geneCount)
        if cellsAlongRows {
            try matrix.read(start: [range.lowerBound, 0], count: [range.count, geneCount], into: &block)
        } else {
            try matrix.read(start: [0, range.lowerBound], count: [geneCount, range.count], into: &block)
        }
        let cellStride = cellsAlongRows ? geneCount : 1
        let geneStride = cellsAlongRows ? 1 : range.count
        for cell in 0..<range.count {
            for gene in 0..<geneCount {
                let count = block[cell * cellStride + gene * geneStride]
                if count != 0 {
                    rows.geneIndices.append(Int32(gene))
                    rows.counts.append(count)
                }
            }
            rows.rowStarts.append(rows.counts.count)
        }
    }
}

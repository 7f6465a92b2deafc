/// Reads compressed sparse rows (`data`, `indices`, `indptr`) with one hyperslab per dataset and block.
///
/// Serves AnnData CSR matrices and 10x matrices (whose CSC over cells is CSR over cells × genes).
/// A `columnMap` renumbers columns, dropping those mapped to -1 (10x features that are not genes).
struct SparseRowReader: CellRowReader {
    let data: HDF5Dataset
    let indices: HDF5Dataset
    let indptr: HDF5Dataset
    let cellCount: Int
    let geneCount: Int
    private let storedColumnCount: Int
    private let columnMap: [Int32]?

    init(group: HDF5Group, cellCount: Int, columnCount: Int, columnMap: [Int32]? = nil) throws {
        data = try group.dataset("data")
        indices = try group.dataset("indices")
        indptr = try group.dataset("indptr")
        self.cellCount = cellCount
        storedColumnCount = columnCount
        self.columnMap = columnMap
        geneCount = columnMap.map { $0.lazy.filter { $0 >= 0 }.count } ?? columnCount
        guard indptr.shape == [cellCount + 1] else {
            throw SingleCellError(file: group.file.path, location: indptr.path,
                                  "expected \(cellCount + 1) row pointers, found shape \(indptr.shape)")
        }
        guard data.isNumeric else { throw data.error("expected numeric counts, found \(data.typeDescription)") }
        guard indices.shape == data.shape else {
            throw SingleCellError(file: group.file.path, location: indices.path,
                                  "expected as many entries as \(data.path) \(data.shape), found \(indices.shape)")
        }
    }

    func read(_ range: Range<Int>, into rows: inout CellRows) throws {
        rows.reset(firstCell: range.lowerBound)
        var pointers = [Int64](repeating: 0, count: range.count + 1)
        try indptr.read(start: [range.lowerBound], count: [range.count + 1], into: &pointers)
        let first = Int(pointers[0]), last = Int(pointers[range.count])
        guard first >= 0, last >= first, last <= data.elementCount else {
            throw indptr.error("expected row pointers within 0...\(data.elementCount), found \(first)...\(last)")
        }
        let entryCount = last - first
        rows.resizeEntries(to: entryCount)
        try rows.counts.withUnsafeMutableBufferPointer {
            try data.read(start: [first], count: [entryCount], into: $0.baseAddress!)
        }
        try rows.geneIndices.withUnsafeMutableBufferPointer {
            try indices.read(start: [first], count: [entryCount], into: $0.baseAddress!)
        }
        for cell in 0..<range.count {
            let start = Int(pointers[cell]) - first, end = Int(pointers[cell + 1]) - first
            guard end >= start else { throw indptr.error("expected non-decreasing row pointers at row \(range.lowerBound + cell)") }
            rows.rowStarts.append(end)
        }
        try checkAndMapColumns(&rows)
    }

    private func checkAndMapColumns(_ rows: inout CellRows) throws {
        let limit = Int32(clamping: storedColumnCount)
        if rows.geneIndices.contains(where: { $0 < 0 || $0 >= limit }) {
            throw indices.error("expected column indices in 0..<\(storedColumnCount)")
        }
        guard let columnMap else { return }
        var kept = 0
        var rowStart = 0
        for cell in 0..<rows.cellCount {
            let end = rows.rowStarts[cell + 1]
            for entry in rowStart..<end {
                let column = columnMap[Int(rows.geneIndices[entry])]
                if column < 0 { continue }
                rows.geneIndices[kept] = column
                rows.counts[kept] = rows.counts[entry]
                kept += 1
            }
            rowStart = end
            rows.rowStarts[cell + 1] = kept
        }
        rows.geneIndices.removeLast(rows.geneIndices.count - kept)
        rows.counts.removeLast(rows.counts.count - kept)
    }
}

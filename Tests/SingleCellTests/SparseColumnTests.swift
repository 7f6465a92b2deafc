import XCTest
@testable import SingleCell

/// AnnData CSC matrices are read as cell rows identical to the CSR original.
final class SparseColumnTests: XCTestCase {
    /// Writes the first `cellCount` cells of the pbmc68k .h5ad as a CSC .h5ad (with the same obs/var).
    private func writeColumnMajorCopy(_ path: String, cellCount: Int) throws -> CellRows {
        let original = try CellMatrixSourceOpening.open(ReferenceFiles.path("pbmc68k/pbmc68k_counts.h5ad"))
        var rows = CellRows()
        try original.readCells(0..<cellCount, into: &rows)
        var byGene = [[(cell: Int32, count: Double)]](repeating: [], count: original.geneCount)
        for cell in 0..<cellCount {
            for entry in rows.rowStarts[cell]..<rows.rowStarts[cell + 1] {
                byGene[Int(rows.geneIndices[entry])].append((Int32(cell), rows.counts[entry]))
            }
        }
        let root = try HDF5File(creating: path).rootGroup()
        let obs = try root.createGroup("obs")
        try obs.setAttribute("_index", string: "cell_id")
        try HDF5Dataset(creatingIn: obs, name: "n_counts", elementType: Double.hdf5MemoryType, chunkLength: 64)
            .append(Array(try (original.cellColumn("n_counts")!.strings.map { Double($0)! }).prefix(cellCount)))
        let stringType = HDF5StringCodec.makeVariableLengthUTF8Type()
        try HDF5Dataset(creatingIn: obs, name: "cell_id", elementType: stringType, chunkLength: 64)
            .append(strings: Array(try original.cellIDs().prefix(cellCount)))
        let genes = try root.createGroup("var")
        try genes.setAttribute("_index", string: "ensembl_id")
        try HDF5Dataset(creatingIn: genes, name: "ensembl_id", elementType: stringType, chunkLength: 256)
            .append(strings: try original.geneColumn(nil))
        let matrix = try root.createGroup("X")
        try matrix.setAttribute("encoding-type", string: "csc_matrix")
        try matrix.setAttribute("shape", integers: [Int64(cellCount), Int64(original.geneCount)])
        try HDF5Dataset(creatingIn: matrix, name: "data", elementType: Float.hdf5MemoryType, chunkLength: 512)
            .append(byGene.flatMap { $0.map { Float($0.count) } })
        try HDF5Dataset(creatingIn: matrix, name: "indices", elementType: Int32.hdf5MemoryType, chunkLength: 512)
            .append(byGene.flatMap { $0.map(\.cell) })
        var pointers: [Int64] = [0]
        for gene in byGene { pointers.append(pointers.last! + Int64(gene.count)) }
        try HDF5Dataset(creatingIn: matrix, name: "indptr", elementType: Int64.hdf5MemoryType, chunkLength: 512).append(pointers)
        return rows
    }

    func testColumnMajorMatrixReadsLikeRowMajor() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/csc.h5ad"
        let expected = try writeColumnMajorCopy(path, cellCount: 40)
        let source = try CellMatrixSourceOpening.open(path)
        XCTAssertEqual(source.formatName, "AnnData (CSC)")
        XCTAssertEqual(source.cellCount, 40)
        var rows = CellRows()
        try source.readCells(0..<40, into: &rows)
        XCTAssertEqual(rows.rowStarts, expected.rowStarts)
        XCTAssertEqual(rows.geneIndices, expected.geneIndices)
        XCTAssertEqual(rows.counts, expected.counts)
        try source.readCells(13..<20, into: &rows)
        XCTAssertEqual(rows.cellCount, 7)
        XCTAssertEqual(rows.counts, Array(expected.counts[expected.rowStarts[13]..<expected.rowStarts[20]]))
    }
}

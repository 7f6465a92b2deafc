import CHDF5

/// Writes a minimal AnnData `.h5ad` with a CSR float32 `X`, streamed cell block by cell block:
/// `var` holds the gene IDs as its index and as an `ensembl_id` column; `obs` holds cell IDs and columns.
/// Used to generate benchmark inputs and small test files; the file appears only after `finish`.
public final class AnnDataWriter {
    private let output: AtomicOutputFile
    private var open: OpenFile?
    private let geneCount: Int
    private var entryCount: Int64 = 0
    /// The number of cells appended so far.
    public private(set) var cellCount = 0

    /// The HDF5 objects of the file being written; released together so that the file closes.
    private struct OpenFile {
        let root: HDF5Group
        let data: HDF5Dataset
        let indices: HDF5Dataset
        let indptr: HDF5Dataset
    }

    /// Creates the temporary file and writes `var`.
    public init(path: String, geneIDs: [String]) throws {
        output = AtomicOutputFile(destination: path)
        let root = try HDF5File(creating: output.temporaryPath).rootGroup()
        try root.setAttribute("encoding-type", string: "anndata")
        try root.setAttribute("encoding-version", string: "0.1.0")
        let genes = try root.createGroup("var")
        try Self.writeFrame(genes, index: ("gene_id", geneIDs), columns: [("ensembl_id", .strings(geneIDs))])
        let matrix = try root.createGroup("X")
        try matrix.setAttribute("encoding-type", string: "csr_matrix")
        try matrix.setAttribute("encoding-version", string: "0.1.0")
        let indptr = try HDF5Dataset(creatingIn: matrix, name: "indptr", elementType: Int64.hdf5MemoryType, chunkLength: 1 << 16)
        try indptr.append([Int64(0)])
        open = OpenFile(
            root: root,
            data: try HDF5Dataset(creatingIn: matrix, name: "data", elementType: Float.hdf5MemoryType, chunkLength: 1 << 18),
            indices: try HDF5Dataset(creatingIn: matrix, name: "indices", elementType: Int32.hdf5MemoryType, chunkLength: 1 << 18),
            indptr: indptr)
        geneCount = geneIDs.count
    }

    /// Appends a block of cells given as CSR rows over this file's genes.
    public func append(_ rows: CellRows) throws {
        guard let open else { return }
        try open.data.append(rows.counts.map { Float($0) })
        try open.indices.append(rows.geneIndices)
        try open.indptr.append(rows.rowStarts.dropFirst().map { entryCount + Int64($0) })
        entryCount += Int64(rows.counts.count)
        cellCount += rows.cellCount
    }

    /// Writes `obs` (cell IDs and columns, one value per appended cell) and the matrix shape, then moves the file into place.
    public func finish(cellIDs: [String], columns: [(name: String, values: CellColumn)] = []) throws {
        guard cellIDs.count == cellCount, columns.allSatisfy({ $0.values.count == cellCount }) else {
            throw SingleCellError(file: output.destination, location: "obs", "expected \(cellCount) values per column")
        }
        try writeObsAndShape(cellIDs: cellIDs, columns: columns)
        open = nil
        try output.commit()
    }

    private func writeObsAndShape(cellIDs: [String], columns: [(name: String, values: CellColumn)]) throws {
        guard let root = open?.root else { return }
        try Self.writeFrame(root.createGroup("obs"), index: ("cell_id", cellIDs), columns: columns)
        try root.group("X").setAttribute("shape", integers: [Int64(cellCount), Int64(geneCount)])
        try root.file.flush()
    }

    private static func writeFrame(_ group: HDF5Group, index: (name: String, values: [String]),
                                   columns: [(name: String, values: CellColumn)]) throws {
        try group.setAttribute("encoding-type", string: "dataframe")
        try group.setAttribute("encoding-version", string: "0.2.0")
        try group.setAttribute("_index", string: index.name)
        try group.setAttribute("column-order", strings: columns.map(\.name))
        for (name, values) in [(index.name, CellColumn.strings(index.values))] + columns {
            switch values {
            case .strings(let strings):
                let type = HDF5StringCodec.makeVariableLengthUTF8Type()
                defer { H5Tclose(type) }
                try HDF5Dataset(creatingIn: group, name: name, elementType: type, chunkLength: 1 << 14).append(strings: strings)
            case .numbers(let numbers):
                try HDF5Dataset(creatingIn: group, name: name, elementType: Double.hdf5MemoryType, chunkLength: 1 << 14).append(numbers)
            }
        }
    }
}

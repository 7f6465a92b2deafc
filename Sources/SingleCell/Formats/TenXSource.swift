/// A 10x Genomics CellRanger `.h5` matrix: v3 (`/matrix` with `features/`) or v2 (`/<genome>/` with
/// `genes`, `gene_names`). Stored CSC over cells, i.e. CSR over cells × genes; only "Gene Expression"
/// features are kept. Cells have barcodes and no other metadata columns.
public final class TenXSource: CellMatrixSource {
    public let path: String
    public let formatName: String
    public let cellCount: Int
    public let geneCount: Int
    public let defaultGeneColumn = "id"
    public let cellColumnNames: [String] = []
    private let group: HDF5Group
    private let geneColumnPaths: [String: String]
    private let geneRows: [Int]
    private let reader: SparseRowReader

    /// Opens `path`, finding the v3 `matrix` group or the first v2 genome group.
    public init(path: String) throws {
        let root = try HDF5File(openingForReading: path).rootGroup()
        self.path = path
        if root.kind(of: "matrix/features") == .group {
            group = try root.group("matrix")
            formatName = "10x CellRanger v3"
            geneColumnPaths = ["id": "features/id", "name": "features/name"]
        } else if let genome = root.memberNames().first(where: { root.kind(of: "\($0)/indptr") == .dataset }) {
            group = try root.group(genome)
            formatName = "10x CellRanger v2"
            geneColumnPaths = ["id": "genes", "genes": "genes", "name": "gene_names", "gene_names": "gene_names"]
        } else {
            throw SingleCellError(file: path, "expected a 10x layout: /matrix/features (v3) or /<genome>/indptr (v2)")
        }
        let shapeDataset = try group.dataset("shape")
        let shape = try shapeDataset.read(Int64.self)
        guard shape.count == 2 else { throw shapeDataset.error("expected [genes, cells], found \(shape)") }
        let storedGenes = Int(shape[0])
        if group.kind(of: "features/feature_type") == .dataset {
            let types = try group.dataset("features/feature_type").readStrings()
            geneRows = types.indices.filter { types[$0] == "Gene Expression" }
        } else {
            geneRows = Array(0..<storedGenes)
        }
        var columnMap = [Int32](repeating: -1, count: storedGenes)
        for (column, row) in geneRows.enumerated() where row < storedGenes { columnMap[row] = Int32(column) }
        reader = try SparseRowReader(group: group, cellCount: Int(shape[1]), columnCount: storedGenes,
                                     columnMap: geneRows.count == storedGenes ? nil : columnMap)
        cellCount = reader.cellCount
        geneCount = reader.geneCount
    }

    public func geneColumn(_ name: String?) throws -> [String] {
        let name = name ?? defaultGeneColumn
        let datasetPath = geneColumnPaths[name] ?? name
        guard group.kind(of: datasetPath) == .dataset else {
            throw SingleCellError(file: path, location: group.childPath(datasetPath),
                                  "expected a gene-ID column (one of \(geneColumnPaths.keys.sorted().joined(separator: ", ")))")
        }
        let all = try group.dataset(datasetPath).readStrings()
        guard geneRows.allSatisfy({ $0 < all.count }) else {
            throw SingleCellError(file: path, location: group.childPath(datasetPath), "expected one entry per feature")
        }
        return geneRows.map { all[$0] }
    }

    public func cellIDs() throws -> [String] { try group.dataset("barcodes").readStrings() }

    public func cellColumn(_ name: String) throws -> CellColumn? { nil }

    public func readCells(_ range: Range<Int>, into rows: inout CellRows) throws {
        try reader.read(range, into: &rows)
    }
}

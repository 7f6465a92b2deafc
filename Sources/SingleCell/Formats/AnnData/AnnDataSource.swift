/// An AnnData `.h5ad` file: counts in `X` (or a layer, or `raw/X`), dense or CSR/CSC sparse;
/// cells described by `obs`, genes by `var`.
public final class AnnDataSource: CellMatrixSource {
    public let path: String
    public let formatName: String
    public let cellCount: Int
    public let geneCount: Int
    public let defaultGeneColumn = "ensembl_id"
    public var cellColumnNames: [String] { obs.columnNames }
    private let obs: AnnDataFrame
    private let genes: AnnDataFrame
    private let reader: CellRowReader

    /// Opens `path` and checks the matrix layout and data frames.
    public init(path: String, matrix: AnnDataMatrix = .x) throws {
        let file = try HDF5File(openingForReading: path)
        let root = try file.rootGroup()
        self.path = path
        guard let kind = root.kind(of: matrix.matrixPath) else {
            throw SingleCellError(file: path, location: "/" + matrix.matrixPath, "expected the count matrix, found nothing")
        }
        obs = try AnnDataFrame(group: root.group("obs"))
        genes = try AnnDataFrame(group: root.group(matrix.genePath))
        switch kind {
        case .dataset:
            reader = try DenseMatrixReader(matrix: root.dataset(matrix.matrixPath), cellsAlongRows: true)
            formatName = "AnnData (dense)"
        case .group:
            let group = try root.group(matrix.matrixPath)
            let encoding = try group.stringAttribute("encoding-type") ?? group.stringAttribute("h5sparse_format") ?? ""
            guard let shape = try group.integerArrayAttribute("shape") ?? group.integerArrayAttribute("h5sparse_shape"),
                  shape.count == 2 else {
                throw SingleCellError(file: path, location: group.path, "expected a 'shape' attribute of two integers")
            }
            let (cells, genes) = (Int(shape[0]), Int(shape[1]))
            switch encoding {
            case "csr_matrix", "csr":
                reader = try SparseRowReader(group: group, cellCount: cells, columnCount: genes)
                formatName = "AnnData (CSR)"
            case "csc_matrix", "csc":
                reader = try SparseColumnReader(group: group, cellCount: cells, geneCount: genes)
                formatName = "AnnData (CSC)"
            default:
                throw SingleCellError(file: path, location: group.path,
                                      "expected encoding-type csr_matrix or csc_matrix, found '\(encoding)'")
            }
        }
        cellCount = reader.cellCount
        geneCount = reader.geneCount
    }

    public func geneColumn(_ name: String?) throws -> [String] {
        let name = name ?? defaultGeneColumn
        let column = name == genes.indexName ? try genes.index() : try genes.column(name)?.strings
        guard let column else {
            throw SingleCellError(file: path, location: genes.group.childPath(name),
                                  "expected a gene-ID column; \(genes.group.path) has \(([genes.indexName] + genes.columnNames).joined(separator: ", "))")
        }
        guard column.count == geneCount else {
            throw SingleCellError(file: path, location: genes.group.childPath(name),
                                  "expected \(geneCount) genes, found \(column.count)")
        }
        return column
    }

    public func cellIDs() throws -> [String] { try obs.index() }

    public func cellColumn(_ name: String) throws -> CellColumn? { try obs.column(name) }

    public func readCells(_ range: Range<Int>, into rows: inout CellRows) throws {
        try reader.read(range, into: &rows)
    }
}

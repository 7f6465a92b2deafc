/// A Loom file: dense genes × cells `matrix`, gene columns in `row_attrs`, cell columns in `col_attrs`.
public final class LoomSource: CellMatrixSource {
    public let path: String
    public let formatName = "Loom"
    public let cellCount: Int
    public let geneCount: Int
    public let defaultGeneColumn = "ensembl_id"
    public let cellColumnNames: [String]
    private let rowAttributes: HDF5Group
    private let columnAttributes: HDF5Group
    private let reader: DenseMatrixReader
    /// Column attributes that conventionally hold cell identifiers, most conventional first.
    private static let cellIDColumns = ["CellID", "cell_id", "obs_names"]

    /// Opens `path` and checks that `matrix`, `row_attrs` and `col_attrs` exist.
    public init(path: String) throws {
        let root = try HDF5File(openingForReading: path).rootGroup()
        self.path = path
        reader = try DenseMatrixReader(matrix: root.dataset("matrix"), cellsAlongRows: false)
        rowAttributes = try root.group("row_attrs")
        columnAttributes = try root.group("col_attrs")
        cellColumnNames = columnAttributes.memberNames()
        cellCount = reader.cellCount
        geneCount = reader.geneCount
    }

    public func geneColumn(_ name: String?) throws -> [String] {
        let name = name ?? defaultGeneColumn
        guard rowAttributes.kind(of: name) == .dataset else {
            throw SingleCellError(file: path, location: rowAttributes.childPath(name),
                                  "expected a gene-ID column; row_attrs has \(rowAttributes.memberNames().joined(separator: ", "))")
        }
        return try rowAttributes.dataset(name).readStrings()
    }

    public func cellIDs() throws -> [String] {
        guard let name = Self.cellIDColumns.first(where: { columnAttributes.kind(of: $0) == .dataset }) else {
            return (0..<cellCount).map(String.init)
        }
        return try columnAttributes.dataset(name).readStrings()
    }

    public func cellColumn(_ name: String) throws -> CellColumn? {
        guard columnAttributes.kind(of: name) == .dataset else { return nil }
        let dataset = try columnAttributes.dataset(name)
        return dataset.isNumeric ? .numbers(try dataset.read(Double.self)) : .strings(try dataset.readStrings())
    }

    public func readCells(_ range: Range<Int>, into rows: inout CellRows) throws {
        try reader.read(range, into: &rows)
    }
}

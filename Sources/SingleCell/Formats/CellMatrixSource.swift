/// A single-cell count matrix in a file, read in blocks of cells so memory stays bounded.
public protocol CellMatrixSource: AnyObject {
    /// The file being read.
    var path: String { get }
    /// A short name of the format, e.g. "AnnData (.h5ad, CSR)".
    var formatName: String { get }
    /// The number of cells (rows of the cells × genes matrix).
    var cellCount: Int { get }
    /// The number of genes (columns).
    var geneCount: Int { get }
    /// The name of the gene column used when none is asked for.
    var defaultGeneColumn: String { get }
    /// The names of the per-cell metadata columns.
    var cellColumnNames: [String] { get }

    /// The per-gene values of a gene column (`nil` = `defaultGeneColumn`); throws when it is missing.
    func geneColumn(_ name: String?) throws -> [String]
    /// One identifier per cell (barcodes or the data frame index).
    func cellIDs() throws -> [String]
    /// A per-cell metadata column, or `nil` when the file has no such column.
    func cellColumn(_ name: String) throws -> CellColumn?
    /// Reads the cells `range` into `rows`, replacing its contents.
    func readCells(_ range: Range<Int>, into rows: inout CellRows) throws
}

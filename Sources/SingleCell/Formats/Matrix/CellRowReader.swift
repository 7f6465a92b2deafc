/// One storage layout of a count matrix (sparse by rows, sparse by columns, dense), read as blocks of cell rows.
protocol CellRowReader {
    var cellCount: Int { get }
    var geneCount: Int { get }
    /// Reads the cells `range` into `rows`, replacing its contents.
    func read(_ range: Range<Int>, into rows: inout CellRows) throws
}

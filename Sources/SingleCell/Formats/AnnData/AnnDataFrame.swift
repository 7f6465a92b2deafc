/// An AnnData data frame group (`obs`, `var`, `raw/var`): an index column named by `_index`
/// and columns that are numeric or string datasets, or categorical groups of `codes` + `categories`.
struct AnnDataFrame {
    let group: HDF5Group
    /// The name of the index column.
    let indexName: String
    /// The other columns, in `column-order` when the file gives one.
    let columnNames: [String]

    init(group: HDF5Group) throws {
        self.group = group
        let indexName = try group.stringAttribute("_index") ?? "_index"
        self.indexName = indexName
        let members = group.memberNames().filter { $0 != indexName && $0 != "__categories" }
        let ordered = (try? group.stringArrayAttribute("column-order")) ?? nil
        columnNames = ordered.map { $0.filter(members.contains) } ?? members
    }

    /// The index column (cell barcodes, gene symbols, …), whole or only the entries `range`.
    func index(_ range: Range<Int>? = nil) throws -> [String] {
        guard let index = try column(indexName, range) else {
            throw SingleCellError(file: group.file.path, location: group.childPath(indexName),
                                  "expected the data frame index named by the _index attribute")
        }
        return index.strings
    }

    /// A column by name (`_index` or the index's own name give the index), whole or only the entries
    /// `range`, or `nil` when absent.
    func column(_ name: String, _ range: Range<Int>? = nil) throws -> CellColumn? {
        let name = name == "_index" ? indexName : name
        switch group.kind(of: name) {
        case .dataset?:
            return try group.dataset(name).readCellColumn(range)
        case .group?:
            let categorical = try group.group(name)
            let categories = try categorical.dataset("categories")
            let labels = try categories.readCellColumn(nil).strings
            let codeDataset = try categorical.dataset("codes")
            let codes: [Int32] = try range.map { try codeDataset.read($0) } ?? codeDataset.read()
            return .strings(codes.map { code in
                code >= 0 && Int(code) < labels.count ? labels[Int(code)] : ""
            })
        case nil:
            return nil
        }
    }
}

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

    /// The index column (cell barcodes, gene symbols, …).
    func index() throws -> [String] {
        guard let index = try column(indexName) else {
            throw SingleCellError(file: group.file.path, location: group.childPath(indexName),
                                  "expected the data frame index named by the _index attribute")
        }
        return index.strings
    }

    /// A column by name (`_index` or the index's own name give the index), or `nil` when absent.
    func column(_ name: String) throws -> CellColumn? {
        let name = name == "_index" ? indexName : name
        switch group.kind(of: name) {
        case .dataset?:
            let dataset = try group.dataset(name)
            return dataset.isNumeric ? .numbers(try dataset.read(Double.self)) : .strings(try dataset.readStrings())
        case .group?:
            let categorical = try group.group(name)
            let categories = try categorical.dataset("categories")
            let labels = categories.isNumeric ? CellColumn.numbers(try categories.read(Double.self)).strings
                                              : try categories.readStrings()
            let codes = try categorical.dataset("codes")
            return .strings(try codes.read(Int32.self).map { code in
                code >= 0 && Int(code) < labels.count ? labels[Int(code)] : ""
            })
        case nil:
            return nil
        }
    }
}

import Foundation
@testable import SingleCell

/// Small .h5ad files made at test time.
enum TinyAnnData {
    /// Real V2 gene IDs: the first `count` genes of the token dictionary.
    static func geneIDs(_ count: Int) -> [String] {
        SharedDictionaries.v2.tokenIDs.filter { !$0.key.hasPrefix("<") }.sorted { $0.value < $1.value }.prefix(count).map(\.key)
    }

    /// Writes a CSR .h5ad with one row of (gene, count) entries per cell and optional obs columns.
    static func write(_ path: String, geneIDs: [String], cells: [[(gene: Int32, count: Double)]],
                      columns: [(name: String, values: CellColumn)] = []) throws {
        var rows = CellRows()
        for cell in cells {
            for (gene, count) in cell {
                rows.geneIndices.append(gene)
                rows.counts.append(count)
            }
            rows.rowStarts.append(rows.counts.count)
        }
        let writer = try AnnDataWriter(path: path, geneIDs: geneIDs)
        try writer.append(rows)
        try writer.finish(cellIDs: cells.indices.map { "cell\($0)" }, columns: columns)
    }
}

import Foundation

/// Writes a tokenized dataset as TSV: a header `cell_id<TAB>label<TAB>input_ids`, then one line per cell
/// with the first label column (or `NA`) and space-separated token IDs. A path ending in `.gz` is
/// written gzip-compressed.
public enum TokenizedDatasetExport {
    /// Streams the dataset to `tsvPath` in blocks of `blockSize` cells, through a temporary file.
    public static func writeTSV(_ dataset: TokenizedDataset, to tsvPath: String, blockSize: Int = 4096) throws {
        let output = AtomicOutputFile(destination: tsvPath)
        let writer = try TextFileWriter(path: output.temporaryPath, compressed: tsvPath.hasSuffix(".gz"), displayPath: tsvPath)
        let labelColumn = dataset.metadata.labelColumns.first
        var text = "cell_id\tlabel\tinput_ids\n"
        for start in stride(from: 0, to: dataset.cellCount, by: blockSize) {
            let range = start..<min(start + blockSize, dataset.cellCount)
            let ids = try dataset.column(TokenizedDatasetLayout.cellIDColumn, range)
            let labels = try labelColumn.map { try dataset.column($0, range) } ?? Array(repeating: "NA", count: range.count)
            for (index, tokens) in try dataset.tokens(range).enumerated() {
                text += "\(ids[index])\t\(labels[index])\t\(tokens.map(String.init).joined(separator: " "))\n"
            }
            try writer.write(text)
            text = ""
        }
        try writer.write(text)
        try writer.close()
        try output.commit()
    }
}

/// A tokenized dataset file opened for reading; cells are read by range, never all at once.
public final class TokenizedDataset {
    public let path: String
    /// How the file was made.
    public let metadata: TokenizedDatasetMetadata
    /// The number of cells.
    public let cellCount: Int
    /// The total number of tokens.
    public let tokenCount: Int
    private let tokens: HDF5Dataset
    private let offsets: HDF5Dataset
    private let sourceFileIndex: HDF5Dataset
    private let obs: HDF5Group

    /// Opens `path` and checks that it is a tokenized dataset of a known version.
    public init(path: String) throws {
        self.path = path
        let root = try HDF5File(openingForReading: path).rootGroup()
        guard try root.stringAttribute("format") == TokenizedDatasetLayout.formatName else {
            throw SingleCellError(file: path, location: "/", "expected the attribute format = \(TokenizedDatasetLayout.formatName)")
        }
        let version = try root.integerArrayAttribute("format_version")?.first
        guard version == TokenizedDatasetLayout.formatVersion else {
            throw SingleCellError(file: path, location: "/", "expected format_version \(TokenizedDatasetLayout.formatVersion), found \(version.map(String.init) ?? "none")")
        }
        metadata = TokenizedDatasetMetadata(
            modelVersion: try root.stringAttribute("model_version") ?? "",
            dictionaryFiles: try root.stringArrayAttribute("dictionary_files") ?? [],
            sourceFiles: try root.stringArrayAttribute("source_files") ?? [],
            labelColumns: try root.stringArrayAttribute("label_columns") ?? [],
            createdBy: try root.stringAttribute("created_by") ?? "")
        tokens = try root.dataset(TokenizedDatasetLayout.tokens)
        offsets = try root.dataset(TokenizedDatasetLayout.offsets)
        sourceFileIndex = try root.dataset(TokenizedDatasetLayout.sourceFileIndex)
        obs = try root.group(TokenizedDatasetLayout.obs)
        cellCount = offsets.elementCount - 1
        tokenCount = tokens.elementCount
        guard cellCount >= 0 else { throw offsets.error("expected at least one offset") }
    }

    /// The names of the per-cell string columns: `cell_id`, then the label columns.
    public var columnNames: [String] { [TokenizedDatasetLayout.cellIDColumn] + metadata.labelColumns }

    /// The `range.count + 1` offsets delimiting the cells `range` in the token array.
    public func offsets(_ range: Range<Int>) throws -> [Int64] {
        try checkRange(range)
        var values = [Int64](repeating: 0, count: range.count + 1)
        try offsets.read(start: [range.lowerBound], count: [range.count + 1], into: &values)
        return values
    }

    /// The token sequences of the cells `range`.
    public func tokens(_ range: Range<Int>) throws -> [[Int32]] {
        let bounds = try offsets(range)
        let first = Int(bounds[0]), last = Int(bounds[range.count])
        var flat = [Int32](repeating: 0, count: last - first)
        try tokens.read(start: [first], count: [last - first], into: &flat)
        return (0..<range.count).map { Array(flat[(Int(bounds[$0]) - first)..<(Int(bounds[$0 + 1]) - first)]) }
    }

    /// The values of a string column (`cell_id` or a label column) for the cells `range`.
    public func column(_ name: String, _ range: Range<Int>) throws -> [String] {
        try checkRange(range)
        guard columnNames.contains(name) else {
            throw SingleCellError(file: path, location: obs.childPath(name),
                                  "no such column; the columns are \(columnNames.joined(separator: ", "))")
        }
        return try obs.dataset(name).readStrings(range)
    }

    /// The index into `metadata.sourceFiles` of each cell of `range`.
    public func sourceFileIndices(_ range: Range<Int>) throws -> [Int32] {
        try checkRange(range)
        var values = [Int32](repeating: 0, count: range.count)
        try sourceFileIndex.read(start: [range.lowerBound], count: [range.count], into: &values)
        return values
    }

    private func checkRange(_ range: Range<Int>) throws {
        guard range.lowerBound >= 0, range.upperBound <= cellCount else {
            throw SingleCellError(file: path, "cells \(range) are outside 0..<\(cellCount)")
        }
    }
}

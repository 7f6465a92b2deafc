/// Two line-aligned text files: line *i* of `source` translates line *i* of `target`.
public struct ParallelCorpus: Sendable {
    public let sourceLines: [String]
    public let targetLines: [String]

    /// The number of sentence pairs.
    public var count: Int { sourceLines.count }

    /// Pairs already-loaded lines, checking that they line up.
    /// - Throws: `TextFileError.lineCountMismatch` naming both (path) labels.
    public init(sourceLines: [String], sourcePath: String, targetLines: [String], targetPath: String) throws {
        guard sourceLines.count == targetLines.count else {
            throw TextFileError.lineCountMismatch(firstPath: sourcePath, firstLines: sourceLines.count,
                                                  secondPath: targetPath, secondLines: targetLines.count)
        }
        self.sourceLines = sourceLines
        self.targetLines = targetLines
    }

    /// Reads and pairs two UTF-8 files.
    /// - Throws: `TextFileError` for an unreadable, empty or invalid UTF-8 file, or different line counts.
    public init(sourcePath: String, targetPath: String) throws {
        try self.init(sourceLines: LineFile.readLines(atPath: sourcePath), sourcePath: sourcePath,
                      targetLines: LineFile.readLines(atPath: targetPath), targetPath: targetPath)
    }
}

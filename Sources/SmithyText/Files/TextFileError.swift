import Foundation

/// A problem with a text file the user supplied, naming the file (and line where there is one).
public enum TextFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The file holds no bytes.
    case empty(path: String)
    /// The bytes of `line` (1-based) are not valid UTF-8; `byteOffset` is where the bad sequence starts in the file.
    case invalidUTF8(path: String, line: Int, byteOffset: Int)
    /// Two files that must pair up line by line have different line counts.
    case lineCountMismatch(firstPath: String, firstLines: Int, secondPath: String, secondLines: Int)
    /// A file exists but its content is not what it should be (e.g. a malformed tokenizer file).
    case malformed(path: String, reason: String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read file: \(reason)"
        case let .empty(path):
            return "\(path): file is empty"
        case let .invalidUTF8(path, line, byteOffset):
            return "\(path):\(line): invalid UTF-8 (byte offset \(byteOffset))"
        case let .lineCountMismatch(firstPath, firstLines, secondPath, secondLines):
            let shorter = firstLines < secondLines ? firstPath : secondPath
            let firstUnpaired = min(firstLines, secondLines) + 1
            let longer = firstLines < secondLines ? secondPath : firstPath
            return "\(firstPath) has \(firstLines) lines but \(secondPath) has \(secondLines): "
                + "line \(firstUnpaired) of \(longer) has no partner in \(shorter)"
        case let .malformed(path, reason):
            return "\(path): malformed file: \(reason)"
        case let .unwritable(path, reason):
            return "\(path): cannot write file: \(reason)"
        }
    }
}

extension TextFileError: LocalizedError {
    public var errorDescription: String? { description }
}

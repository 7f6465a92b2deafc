import Foundation

/// Reads UTF-8 text files as lines, with errors that name the file and line.
///
/// Lines are separated by `\n` only (like Python's `open(newline="\n")`, which sacreBLEU uses); a final
/// newline does not start an extra line, and a `\r` before `\n` stays part of the line.
public enum LineFile {
    /// The lines of the file at `path`.
    /// - Throws: `TextFileError` when the file is unreadable, empty, or not valid UTF-8 (naming the line).
    public static func readLines(atPath path: String) throws -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TextFileError.unreadable(path: path, reason: error.localizedDescription)
        }
        if data.isEmpty { throw TextFileError.empty(path: path) }
        return try lines(of: data, path: path)
    }

    /// Splits `data` into validated UTF-8 lines; `path` only names the source in errors.
    public static func lines(of data: Data, path: String) throws -> [String] {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lines: [String] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if let bad = firstInvalidUTF8Offset(line) {
                    throw TextFileError.invalidUTF8(path: path, line: lines.count + 1, byteOffset: start + bad)
                }
                lines.append(String(decoding: line, as: UTF8.self))
                start = end + 1
            }
            return lines
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when all are valid.
    static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}

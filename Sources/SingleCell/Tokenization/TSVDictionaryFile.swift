import Foundation

/// Reads a two-column `key<TAB>value` TSV file with a header line, in file order.
enum TSVDictionaryFile {
    static func read(_ path: String) throws -> [(key: String, value: String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SingleCellError(file: path, "cannot read the dictionary file")
        }
        var entries: [(key: String, value: String)] = []
        var lineNumber = 0
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let text = bytes.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < text.count {
                let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
                lineNumber += 1
                defer { lineStart = lineEnd + 1 }
                guard lineNumber > 1, lineEnd > lineStart else { continue }
                let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
                guard let tab = line.firstIndex(of: UInt8(ascii: "\t")),
                      !line[(tab + 1)...].contains(UInt8(ascii: "\t")) else {
                    throw SingleCellError(file: path, location: "line \(lineNumber)", "expected key<TAB>value")
                }
                entries.append((String(decoding: UnsafeBufferPointer(rebasing: line[..<tab]), as: UTF8.self),
                                String(decoding: UnsafeBufferPointer(rebasing: line[(tab + 1)...]), as: UTF8.self)))
            }
        }
        return entries
    }
}

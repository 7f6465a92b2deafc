import Foundation

/// Reads a two-column `key<TAB>value` TSV file with a header line, in file order.
enum TSVDictionaryFile {
    static func read(_ path: String) throws -> [(key: String, value: Substring)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SingleCellError(file: path, "cannot read the dictionary file (missing or not UTF-8)")
        }
        var entries: [(key: String, value: Substring)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw SingleCellError(file: path, location: "line \(number + 1)", "expected key<TAB>value")
            }
            entries.append((String(fields[0]), fields[1]))
        }
        return entries
    }
}

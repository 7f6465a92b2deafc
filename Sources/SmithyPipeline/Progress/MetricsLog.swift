import Foundation

/// A CSV log of per-epoch metrics (`RUN/metrics.csv`): a fixed header, one row per record,
/// rewritten atomically after each row so it is always complete. Re-opening an existing log keeps
/// its rows, so a resumed run continues the same file.
public final class MetricsLog {
    public let path: String
    public let columns: [String]
    public private(set) var rows: [[String]] = []

    /// Opens (or starts) the log at `path`. An existing file must have the same header.
    public init(path: String, columns: [String]) throws {
        self.path = path
        self.columns = columns
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let lines = text.split(separator: "\n").map(String.init)
            guard lines.first == columns.joined(separator: ",") else {
                throw MetricsLogError(description: "\(path): expected the header '\(columns.joined(separator: ","))', found '\(lines.first ?? "")'")
            }
            rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
    }

    /// Appends a row (values in column order) and rewrites the file.
    public func append(_ values: [String]) throws {
        precondition(values.count == columns.count, "MetricsLog: \(values.count) values for \(columns.count) columns")
        rows.append(values)
        try write()
    }

    /// Keeps only the rows for which `keep` is true (a resumed run drops rows past its checkpoint).
    public func retain(where keep: ([String]) -> Bool) throws {
        rows = rows.filter(keep)
        try write()
    }

    /// The values of `column` in row order.
    public func values(of column: String) -> [String] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        return rows.map { index < $0.count ? $0[index] : "" }
    }

    private func write() throws {
        let text = ([columns] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

public struct MetricsLogError: Error, CustomStringConvertible {
    public let description: String
}

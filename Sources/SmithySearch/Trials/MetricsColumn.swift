import Foundation

/// Reads one column of a run's metrics.csv (a header row, then one row per epoch).
enum MetricsColumn {
    /// The values of `column` in row order; empty when the file or column is missing. Unparsable
    /// cells read as NaN (a failed trial).
    static func values(_ column: String, inFile path: String) -> [Double] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let index = lines.first?.firstIndex(where: { $0 == column }) else { return [] }
        return lines.dropFirst().map { index < $0.count ? Double(String($0[index])) ?? .nan : .nan }
    }
}

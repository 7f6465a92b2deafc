import Foundation

/// A one-line progress report on stderr: redrawn in place at most ten times a second on a
/// terminal; otherwise (logs, CI) printed only at completion and every `logInterval` seconds.
public struct ProgressBar {
    public let label: String
    public let unit: String
    private let interactive = isatty(STDERR_FILENO) != 0
    private let logInterval: TimeInterval
    private var lastDrawn = Date.distantPast
    private let start = Date()

    public init(label: String, unit: String, logInterval: TimeInterval = 30) {
        self.label = label
        self.unit = unit
        self.logInterval = logInterval
        lastDrawn = interactive ? .distantPast : Date()
    }

    /// Shows `done` of `total`, with `detail` (e.g. the current loss) after the rate.
    public mutating func update(_ done: Int, of total: Int, detail: String = "") {
        let finished = done >= total
        let interval = interactive ? 0.1 : logInterval
        guard finished || Date().timeIntervalSince(lastDrawn) >= interval else { return }
        lastDrawn = Date()
        let fraction = total == 0 ? 1 : min(1, Double(done) / Double(total))
        let filled = Int(fraction * 30)
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        var line = "\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] "
        line += "\(done)/\(total) \(unit), \(String(format: rate >= 10 ? "%.0f" : "%.2f", rate)) \(unit)/s"
        if !finished { line += ", ETA \(Int(eta))s" }
        if !detail.isEmpty { line += ", \(detail)" }
        let text = (interactive ? "\r\u{1B}[K" : "") + line + (finished || !interactive ? "\n" : "")
        FileHandle.standardError.write(Data(text.utf8))
    }
}

import Foundation

/// A one-line progress bar redrawn on stderr (only when stderr is a terminal, or on completion).
struct StderrProgressBar {
    let label: String
    private let interactive = isatty(STDERR_FILENO) != 0
    private var lastDrawn = Date.distantPast
    private let start = Date()

    init(label: String) { self.label = label }

    /// Shows `done` of `total`; redraws at most ten times a second, and always at completion.
    mutating func update(_ done: Int, of total: Int) {
        let finished = done >= total
        guard finished || (interactive && Date().timeIntervalSince(lastDrawn) > 0.1) else { return }
        lastDrawn = Date()
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let line = "\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) cells, \(Int(rate)) cells/s"
        FileHandle.standardError.write(Data(((interactive ? "\r" : "") + line + (finished ? "\n" : "")).utf8))
    }
}

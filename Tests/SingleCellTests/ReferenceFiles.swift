import Foundation

/// Paths of the committed reference files, found relative to this source file.
enum ReferenceFiles {
    /// The repository's `reference/` folder.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

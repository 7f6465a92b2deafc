import Foundation

/// Paths into the repository's `reference/` folder, located from this file so tests never depend on the
/// working directory or on machine-specific data folders.
enum ReferenceData {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The six raw Multi30k files, as `(name, path)`.
    static let multi30kFiles: [(name: String, path: String)] = ["train", "valid", "test"].flatMap { split in
        ["de", "en"].map { language in ("\(split).\(language)", path("multi30k/\(split).\(language)")) }
    }
}

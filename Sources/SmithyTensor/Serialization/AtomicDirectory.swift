import Foundation

/// Writes directories so that readers never see a half-written one: the content goes to a staging
/// directory beside the destination, which then replaces it (the old one is removed only after the
/// new one is in place).
public enum AtomicDirectory {
    /// Lets `produce` fill a fresh staging directory beside `url`, then puts it at `url`.
    /// If `produce` throws, the staging directory is removed and `url` is left untouched.
    public static func write(to url: URL, _ produce: (URL) throws -> Void) throws {
        let fileManager = FileManager.default
        let parent = url.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
            try produce(staging)
            try replace(url, with: staging)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }

    /// Puts `staging` at `destination`, removing what was there only after the new one is in place.
    private static func replace(_ destination: URL, with staging: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: destination.path) else {
            try fileManager.moveItem(at: staging, to: destination)
            return
        }
        let retired = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).old")
        try fileManager.moveItem(at: destination, to: retired)
        try fileManager.moveItem(at: staging, to: destination)
        try? fileManager.removeItem(at: retired)
    }
}

import Foundation
import ArgumentParser

/// Finds the repository's `reference/` folder: an explicit path, then `$SMITHY_REFERENCE`, then
/// `./reference`, then a `reference/` folder beside the executable or in one of its parent folders.
enum ReferenceDirectory {
    /// The folder `subfolder` (e.g. "geneformer") of the reference folder, or `explicit` when given.
    static func locate(_ subfolder: String, explicit: String?) throws -> String {
        if let explicit { return explicit }
        var candidates: [URL] = []
        if let environment = ProcessInfo.processInfo.environment["SMITHY_REFERENCE"], !environment.isEmpty {
            candidates.append(URL(fileURLWithPath: environment))
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("reference"))
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent("reference"))
            folder.deleteLastPathComponent()
        }
        for candidate in candidates {
            let path = candidate.appendingPathComponent(subfolder).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return path }
        }
        throw ValidationError("cannot find reference/\(subfolder): pass --dictionaries DIR or set SMITHY_REFERENCE to the reference folder")
    }
}

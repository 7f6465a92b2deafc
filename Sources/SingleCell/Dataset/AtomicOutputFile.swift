import Foundation

/// An output written under a temporary name in the destination's folder and renamed into place only
/// when complete, so a half-written file never exists under the real name.
public final class AtomicOutputFile {
    /// The final path.
    public let destination: String
    /// Where the content is written until `commit()`.
    public let temporaryPath: String
    private var finished = false

    public init(destination: String) {
        self.destination = destination
        let url = URL(fileURLWithPath: destination)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
            .path
    }

    /// Moves the finished temporary file to the destination, replacing any file there.
    public func commit() throws {
        guard rename(temporaryPath, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw SingleCellError(file: destination, "cannot move the finished output into place: \(reason)")
        }
        finished = true
    }

    /// Removes the temporary file; nothing is left behind.
    public func discard() {
        if !finished { unlink(temporaryPath) }
        finished = true
    }

    deinit { discard() }
}

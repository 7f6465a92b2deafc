import Foundation

/// Live and peak bytes held by tensor storage, for benchmarks and memory tests.
public enum MemoryStatistics {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var live = 0
    nonisolated(unsafe) private static var peak = 0
    nonisolated(unsafe) private static var highWater = 0

    static func allocated(bytes: Int) {
        lock.lock()
        live += bytes
        if live > peak { peak = live }
        if live > highWater { highWater = live }
        lock.unlock()
    }

    static func freed(bytes: Int) {
        lock.lock()
        live -= bytes
        lock.unlock()
    }

    /// Bytes currently held by all tensor storage.
    public static var liveBytes: Int { lock.lock(); defer { lock.unlock() }; return live }

    /// Largest `liveBytes` seen since the last `resetPeak()`.
    public static var peakBytes: Int { lock.lock(); defer { lock.unlock() }; return peak }

    /// Largest `liveBytes` ever seen (never reset): the working set the buffer pool may keep.
    static var highWaterBytes: Int { lock.lock(); defer { lock.unlock() }; return highWater }

    /// Starts a new peak measurement from the current live size.
    public static func resetPeak() { lock.lock(); peak = live; lock.unlock() }

    /// Peak resident set size of the whole process in bytes (`VmHWM` on Linux), or nil if unknown.
    public static func processPeakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}

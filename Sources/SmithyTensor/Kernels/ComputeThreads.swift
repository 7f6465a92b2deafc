import CBLAS
import Dispatch
import Foundation

/// How many threads the kernels use: OpenBLAS for matrix products and our own elementwise kernels.
///
/// Defaults to every core (`SMITHY_THREADS` overrides it). The two never compute at the same time
/// (a kernel finishes before the next starts), but OpenBLAS' idle workers spin after each product
/// unless `OPENBLAS_THREAD_TIMEOUT` is short; the `smithy` executable sets it (see PERFORMANCE.md).
public enum ComputeThreads {
    nonisolated(unsafe) private static var configured: Int = {
        let fromEnvironment = ProcessInfo.processInfo.environment["SMITHY_THREADS"].flatMap { Int($0) }
        let count = max(1, fromEnvironment ?? ProcessInfo.processInfo.activeProcessorCount)
        openblas_set_num_threads(Int32(count))
        return count
    }()

    /// Threads in use.
    public static var count: Int { configured }

    /// Uses `count` threads from now on (at least 1).
    public static func set(_ count: Int) {
        configured = max(1, count)
        openblas_set_num_threads(Int32(configured))
    }

    /// OpenBLAS' build description (core type, threading), for benchmark headers.
    public static var blasConfiguration: String {
        _ = configured
        return String(cString: openblas_get_config())
    }

    /// Runs `body` over `0..<total` split into contiguous ranges, on all threads when the work is
    /// large enough to pay for the hand-off (`grain` elements per range at least).
    static func parallelFor(_ total: Int, grain: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
        let threads = min(count, max(1, total / max(grain, 1)))
        if threads <= 1 {
            body(0..<total)
            return
        }
        let chunk = (total + threads - 1) / threads
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: threads) { index in
                let start = index * chunk
                let end = min(total, start + chunk)
                if start < end { work(start..<end) }
            }
        }
    }
}

import ArgumentParser
import SmithyTensor

/// `--threads`: how many threads OpenBLAS and the kernels use (training commands and benchmarks).
struct ComputeThreadsOption: ParsableArguments {
    @Option(help: "Threads for OpenBLAS and the kernels (default: SMITHY_THREADS or all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    /// Sets the thread count if one was given.
    func apply() {
        if let threads { ComputeThreads.set(threads) }
    }
}

import ArgumentParser
import SmithyTensor

/// The options every `smithy bench` command takes.
struct BenchmarkOptions: ParsableArguments {
    @Option(help: "Threads for OpenBLAS and the kernels (default: SMITHY_THREADS or all cores).")
    var threads: Int?

    @Option(help: "Timed runs per case, after the warm-up runs (each benchmark has its own default).")
    var repeats: Int?

    @Flag(help: "Print JSON lines (the only format; accepted for scripts that pass it).")
    var json = false

    /// Sets the thread count if one was given and returns the number of timed runs.
    func apply(defaultRepeats: Int) -> Int {
        if let threads { ComputeThreads.set(threads) }
        return repeats ?? defaultRepeats
    }
}

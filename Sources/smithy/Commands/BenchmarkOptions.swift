import ArgumentParser

/// The options every `smithy bench` command takes.
struct BenchmarkOptions: ParsableArguments {
    @OptionGroup var compute: ComputeThreadsOption

    @Option(help: "Timed runs per case, after the warm-up runs (each benchmark has its own default).")
    var repeats: Int?

    @Flag(help: "Print JSON lines (the only format; accepted for scripts that pass it).")
    var json = false

    /// Sets the thread count if one was given and returns the number of timed runs.
    func apply(defaultRepeats: Int) -> Int {
        compute.apply()
        return repeats ?? defaultRepeats
    }
}

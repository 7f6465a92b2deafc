import ArgumentParser
import SmithyTensor

/// `smithy bench …`: benchmarks that print one JSON object per measurement.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks (one JSON line per measurement).",
        subcommands: [BenchCore.self, BenchTranslation.self])
}

/// `smithy bench core`: matrix products and elementwise kernels.
struct BenchCore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core", abstract: "Matrix products against raw cblas_sgemm, and kernel forward+backward times.")

    @Option(help: "Threads for OpenBLAS and the kernels (default: SMITHY_THREADS or all cores).")
    var threads: Int?

    @Option(help: "Timed runs per case (after 2 warm-up runs).")
    var repeats = 10

    func run() throws {
        if let threads { ComputeThreads.set(threads) }
        CoreBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

/// `smithy bench translation`: encoder-decoder training steps and beam-search decoding.
struct BenchTranslation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translation",
        abstract: "Training-step tokens/s (small and base shapes) and beam-4 decoding with and without the cache.")

    @Option(help: "Threads for OpenBLAS and the kernels (default: SMITHY_THREADS or all cores).")
    var threads: Int?

    @Option(help: "Timed runs per case (after 1 warm-up run).")
    var repeats = 3

    @Flag(help: "Print JSON lines (the only format, as `smithy bench core`; accepted for scripts that pass it).")
    var json = false

    func run() throws {
        if let threads { ComputeThreads.set(threads) }
        TranslationBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

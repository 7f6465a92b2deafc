import ArgumentParser
import SmithyTensor

/// `smithy bench …`: benchmarks that print one JSON object per measurement.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks (one JSON line per measurement).",
        subcommands: [BenchCore.self, BenchAttention.self, BenchToolkit.self, BenchTranslation.self,
                      RankEncodeBenchmarkCommand.self])
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

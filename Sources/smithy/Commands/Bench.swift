import ArgumentParser

/// `smithy bench …`: benchmarks that print one JSON object per measurement.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks (one JSON line per measurement).",
        subcommands: [BenchTraining.self, BenchCore.self, BenchAttention.self, BenchToolkit.self,
                      RankEncodeBenchmarkCommand.self])
}

/// `smithy bench core`: matrix products and elementwise kernels.
struct BenchCore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core", abstract: "Matrix products against raw cblas_sgemm, and kernel forward+backward times.")

    @OptionGroup var options: BenchmarkOptions

    func run() throws {
        let repeats = options.apply(defaultRepeats: 10)
        CoreBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

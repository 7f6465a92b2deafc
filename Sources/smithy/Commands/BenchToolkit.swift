import ArgumentParser

/// `smithy bench toolkit`: encoder-layer training step, greedy decoding with and without cache.
struct BenchToolkit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toolkit", abstract: "Encoder-layer training step; greedy decoding with and without cache (whole models: bench training).")

    @OptionGroup var options: BenchmarkOptions

    func run() throws {
        let repeats = options.apply(defaultRepeats: 6)
        ToolkitBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

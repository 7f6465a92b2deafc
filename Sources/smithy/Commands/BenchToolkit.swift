import ArgumentParser

/// `smithy bench toolkit`: encoder layer and masked-LM training steps, decoding with and without cache.
struct BenchToolkit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toolkit", abstract: "Encoder-layer and Geneformer-shaped MLM training steps; greedy/beam-4 decoding with and without cache.")

    @OptionGroup var options: BenchmarkOptions

    func run() throws {
        let repeats = options.apply(defaultRepeats: 6)
        ToolkitBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

import ArgumentParser
import SmithyTensor

/// `smithy bench toolkit`: encoder layer and masked-LM training steps, decoding with and without cache.
struct BenchToolkit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toolkit", abstract: "Encoder-layer and Geneformer-shaped MLM training steps; greedy/beam-4 decoding with and without cache.")

    @Option(help: "Threads for OpenBLAS and the kernels (default: SMITHY_THREADS or all cores).")
    var threads: Int?

    @Option(help: "Timed runs per case (after a warm-up run).")
    var repeats = 6

    func run() throws {
        if let threads { ComputeThreads.set(threads) }
        ToolkitBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

import ArgumentParser
import SmithyTensor

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

import ArgumentParser
import SmithyTensor

/// `smithy bench attention`: attention methods forward+backward, and a long-sequence encoder step.
struct BenchAttention: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "Attention methods (composed, fused, memory-efficient, sliding window) forward+backward; L=4096 encoder step.")

    @Option(help: "Threads for OpenBLAS and the kernels (default: SMITHY_THREADS or all cores).")
    var threads: Int?

    @Option(help: "Timed runs per case (after 1 warm-up run).")
    var repeats = 3

    @Flag(help: "Skip the L=4096 encoder training steps.")
    var skipEncoder = false

    func run() throws {
        if let threads { ComputeThreads.set(threads) }
        AttentionBenchmark.run(repeats: repeats, includesEncoder: !skipEncoder) { print($0.jsonLine) }
    }
}

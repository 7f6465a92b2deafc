import ArgumentParser

/// `smithy bench attention`: attention methods forward+backward, and a long-sequence encoder step.
struct BenchAttention: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "Attention methods (composed, fused, memory-efficient, sliding window) forward+backward; L=4096 encoder step.")

    @OptionGroup var options: BenchmarkOptions

    @Flag(help: "Skip the L=4096 encoder training steps.")
    var skipEncoder = false

    func run() throws {
        let repeats = options.apply(defaultRepeats: 3)
        AttentionBenchmark.run(repeats: repeats, includesEncoder: !skipEncoder) { print($0.jsonLine) }
    }
}

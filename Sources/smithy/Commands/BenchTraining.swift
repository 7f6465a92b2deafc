import ArgumentParser

/// `smithy bench training`: the issue-6 cases (MLM, long-sequence MLM, translation training steps,
/// beam-4 decoding) and the raw sgemm rate they are measured against.
struct BenchTraining: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Training steps (Geneformer MLM 8×512, 2×2048, 1×4096; translation small/base), beam-4 decoding, sgemm rate.",
        discussion: "Cases: \(TrainingBenchmark.caseNames.joined(separator: ", ")). Peak RSS is per process: run one case "
            + "(and one --shape) per process for per-case memory, as reference/bench/compare.py training does.")

    @OptionGroup var options: BenchmarkOptions

    @Option(name: .customLong("case"), help: "Run only this case (repeatable; default: all).")
    var cases: [String] = []

    @Option(help: "Only this batch×length of a case with several, e.g. 2x2048.")
    var shape: String?

    func validate() throws {
        for name in cases where !TrainingBenchmark.caseNames.contains(name) {
            throw ValidationError("unknown case \(name); cases: \(TrainingBenchmark.caseNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        _ = options.apply(defaultRepeats: 0)
        TrainingBenchmark.run(selected: cases, shape: shape, repeats: options.repeats) { print($0.jsonLine) }
    }
}

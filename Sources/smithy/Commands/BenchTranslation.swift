import ArgumentParser

/// `smithy bench translation`: encoder-decoder training steps and beam-search decoding.
struct BenchTranslation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translation",
        abstract: "Training-step tokens/s (small and base shapes) and beam-4 decoding with and without the cache.")

    @OptionGroup var options: BenchmarkOptions

    func run() throws {
        let repeats = options.apply(defaultRepeats: 3)
        TranslationBenchmark.run(repeats: repeats) { print($0.jsonLine) }
    }
}

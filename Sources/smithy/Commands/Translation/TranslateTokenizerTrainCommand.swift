import ArgumentParser
import Foundation
import SmithyText

/// `smithy translate tokenizer-train`: learns a BPE subword tokenizer from a line-aligned parallel corpus.
struct TranslateTokenizerTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer-train",
        abstract: "Learn a BPE subword tokenizer (joint by default) and save it as JSON.",
        discussion: """
            With only --output, one joint tokenizer is learned from both sides. With --target-output too, each \
            side gets its own tokenizer: the source one in --output, the target one in --target-output. \
            Files are written only after both inputs were read and training finished, each atomically.
            """)

    @Option(help: "Source-language training text, one sentence a line (UTF-8).")
    var source: String

    @Option(help: "Target-language training text, line-aligned with --source.")
    var target: String

    @Option(help: "Vocabulary size, special tokens and characters included.")
    var vocabSize = 8000

    @Option(help: "Pairs seen fewer times are never merged.")
    var minFrequency = 2

    @Option(help: "Tokenizer file to write (the joint one, or the source one with --target-output).")
    var output: String

    @Option(help: "Write a separate target-side tokenizer here (separate vocabularies).")
    var targetOutput: String?

    func validate() throws {
        guard vocabSize > 0 else { throw ValidationError("--vocab-size must be positive.") }
        guard minFrequency >= 1 else { throw ValidationError("--min-frequency must be at least 1.") }
        guard targetOutput != output else { throw ValidationError("--target-output must differ from --output.") }
    }

    func run() throws {
        let corpus = try ParallelCorpus(sourcePath: source, targetPath: target)
        let trainer = BPETrainer(vocabularySize: vocabSize, minPairFrequency: minFrequency)
        let clock = ContinuousClock()
        let start = clock.now
        let tokenizers = trainer.train(corpus: corpus, joint: targetOutput == nil)
        let elapsed = clock.now - start
        try tokenizers.source.save(toPath: output)
        if let targetOutput { try tokenizers.target.save(toPath: targetOutput) }

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("pairs           \(corpus.count)")
        print("trained in      \(String(format: "%.2f", seconds)) s")
        report(tokenizers.source, lines: targetOutput == nil ? corpus.sourceLines + corpus.targetLines
                                                              : corpus.sourceLines,
               path: output)
        if let targetOutput { report(tokenizers.target, lines: corpus.targetLines, path: targetOutput) }
    }

    private func report(_ tokenizer: BPETokenizer, lines: [String], path: String) {
        let tokens = lines.reduce(0) { $0 + tokenizer.encode($1).count }
        print("\(path): \(tokenizer.vocabularySize) tokens (\(tokenizer.alphabet.count) characters, "
              + "\(tokenizer.merges.count) merges), \(String(format: "%.1f", Double(tokens) / Double(lines.count))) "
              + "tokens per training line")
    }
}

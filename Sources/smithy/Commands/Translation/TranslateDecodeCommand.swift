import ArgumentParser
import Foundation
import SmithyPipeline
import SmithyTensor
import SmithyText
import TranslationPipeline

/// `smithy translate decode`: translates a file with a trained run, one line per input line.
struct TranslateDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Translate one sentence per line with a trained run (cached batched beam search; greedy with --beam 1).",
        discussion: "Translations go to stdout, or to --output (written atomically), only after every line is translated.")

    @Option(help: "Run directory written by `smithy translate train`.") var model: String
    @Option(help: "Source sentences, one a line (UTF-8).") var input: String
    @Option(help: "Write the translations here instead of stdout.") var output: String?
    @Option(help: "Beam width (1: greedy).") var beam = 4
    @Option(help: "α of the GNMT length penalty.") var lengthPenalty: Float = 0.6
    @Option(help: "Most generated tokens per sentence (default: 2 × source length + 10).") var maxLength: Int?
    @Option(help: "Sentences decoded together.") var batchSize = 32
    @Flag(help: "Recompute the whole prefix every step instead of using the key/value cache.") var noCache = false

    func validate() throws {
        guard beam >= 1 else { throw ValidationError("--beam must be at least 1.") }
        guard lengthPenalty >= 0 else { throw ValidationError("--length-penalty must be ≥ 0.") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
        if let maxLength, maxLength < 1 { throw ValidationError("--max-length must be at least 1.") }
    }

    func run() throws {
        let run = RunDirectory(path: model)
        let tokenizers = try TranslationTokenizers(run: run)
        let network = try TranslationModelFile.loadModel(run: run, tokenizers: tokenizers)
        let sentences = try LineFile.readLines(atPath: input)
        let translator = Translator(model: network, tokenizers: tokenizers, beamWidth: beam, lengthPenalty: lengthPenalty,
                                    maximumLength: maxLength, batchSize: batchSize, useCache: !noCache)
        var progress = ProgressBar(label: "decode", unit: "sentences")
        let translations = translator.translate(sentences) { progress.update($0, of: $1) }
        let text = translations.map { $0 + "\n" }.joined()
        if let output {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

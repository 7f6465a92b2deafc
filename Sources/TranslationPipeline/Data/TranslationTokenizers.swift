import Foundation
import SmithyText

/// The source and target BPE tokenizers of a run: one joint tokenizer (both sides the same object)
/// or one per language.
public struct TranslationTokenizers {
    public let source: BPETokenizer
    public let target: BPETokenizer

    /// Whether both languages share one vocabulary.
    public var isJoint: Bool { source === target }

    public init(source: BPETokenizer, target: BPETokenizer) {
        self.source = source
        self.target = target
    }

    /// Learns the tokenizer(s) from `corpus` as `settings` say.
    public init(training settings: TokenizerSettings, on corpus: ParallelCorpus) {
        let trainer = BPETrainer(vocabularySize: settings.vocabularySize, minPairFrequency: settings.minFrequency)
        let trained = trainer.train(corpus: corpus, joint: settings.joint)
        self.init(source: trained.source, target: settings.joint ? trained.source : trained.target)
    }

    /// Reads a run's tokenizer files (`RunDirectory.tokenizer`, and `targetTokenizer` when present).
    /// - Throws: `TranslationError` when the run has no tokenizer, `TextFileError` for a malformed one.
    public init(run: RunDirectory) throws {
        guard FileManager.default.fileExists(atPath: run.tokenizer.path) else {
            throw TranslationError("\(run.tokenizer.path): no tokenizer in the run directory \(run.url.path) "
                                   + "(expected the tokenizer.json written by `smithy translate train`)")
        }
        let source = try BPETokenizer(contentsOfFile: run.tokenizer.path)
        let target = FileManager.default.fileExists(atPath: run.targetTokenizer.path)
            ? try BPETokenizer(contentsOfFile: run.targetTokenizer.path) : source
        self.init(source: source, target: target)
    }

    /// Writes the tokenizer file(s) into `run` (each atomically); a stale target tokenizer is removed.
    public func save(to run: RunDirectory) throws {
        try source.save(toPath: run.tokenizer.path)
        if isJoint {
            try? FileManager.default.removeItem(at: run.targetTokenizer)
        } else {
            try target.save(toPath: run.targetTokenizer.path)
        }
    }
}

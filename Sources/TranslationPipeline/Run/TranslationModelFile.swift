import Foundation
import SmithyTensor
import SmithyTransformer

/// `RUN/model.json`: everything needed to rebuild the model whose weights are `RUN/model.safetensors`.
public struct TranslationModelFile: Codable, Equatable {
    public var model: Seq2SeqConfiguration
    public var positional: PositionalConfiguration
    public var attention: AttentionMethodKind

    public init(model: Seq2SeqConfiguration, positional: PositionalConfiguration, attention: AttentionMethodKind) {
        self.model = model
        self.positional = positional
        self.attention = attention
    }

    /// A model with fresh weights drawn from `generator` (which its dropout layers keep using).
    public func makeModel(generator: RandomGenerator) -> Seq2SeqTransformer {
        switch attention {
        case .scaledDotProduct:
            let encodings = positional.makeEncodings(modelDimension: model.modelDimension, heads: model.heads, generator: generator)
            return Seq2SeqTransformer(configuration: model, positional: encodings, generator: generator)
        }
    }

    /// Writes the description atomically.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }

    /// The trained model of `run`, in evaluation mode, checked against `tokenizers`.
    /// - Throws: `TranslationError` naming the file when the description or weights are missing or
    ///   malformed, or when a vocabulary size differs from its tokenizer's.
    public static func loadModel(run: RunDirectory, tokenizers: TranslationTokenizers) throws -> Seq2SeqTransformer {
        let path = run.modelDescription.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranslationError("\(path): missing; \(run.url.path) is not a trained translation run")
        }
        let description: TranslationModelFile
        do { description = try JSONDecoder().decode(TranslationModelFile.self, from: data) } catch {
            throw TranslationError("\(path): not a translation model description (\(error))")
        }
        let sides = [("source", description.model.sourceVocabularySize, tokenizers.source.vocabularySize, run.tokenizer.path),
                     ("target", description.model.targetVocabularySize, tokenizers.target.vocabularySize,
                      tokenizers.isJoint ? run.tokenizer.path : run.targetTokenizer.path)]
        for (side, modelSize, tokenizerSize, tokenizerPath) in sides where modelSize != tokenizerSize {
            throw TranslationError("\(path): vocabulary mismatch: the model's \(side) vocabulary has \(modelSize) tokens "
                                   + "but \(tokenizerPath) has \(tokenizerSize); the tokenizer is not the one the model was trained with")
        }
        guard FileManager.default.fileExists(atPath: run.weights.path) else {
            throw TranslationError("\(run.weights.path): missing; training has not finished an epoch in \(run.url.path)")
        }
        let model = description.makeModel(generator: RandomGenerator(seed: 0))
        try model.load(from: run.weights)
        model.eval()
        return model
    }
}

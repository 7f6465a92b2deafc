import Foundation
import SingleCell

/// The token vocabulary a tokenized dataset was encoded with: Geneformer's token dictionary of the
/// dataset's model version (v1: gc30M, 25,426 tokens; v2: gc104M, 20,275 tokens).
public struct GeneVocabulary: Equatable {
    public let modelVersion: GeneformerModelVersion
    /// Number of token ids.
    public let size: Int
    /// `<pad>`.
    public let paddingToken: Int
    /// `<mask>`.
    public let maskToken: Int
    /// `<pad>`, `<mask>`, and for v2 `<cls>` and `<eos>`: never masked, never a random replacement.
    public let specialTokens: Set<Int>
    /// Where the dataset came from, for error messages.
    public let datasetPath: String

    /// Reads the token dictionary of `dataset`'s model version from `dictionaryDirectory`.
    public init(dataset: TokenizedDataset, dictionaryDirectory: String) throws {
        guard let version = GeneformerModelVersion(rawValue: dataset.metadata.modelVersion) else {
            throw GenePipelineError(path: dataset.path, "model_version attribute is '\(dataset.metadata.modelVersion)', expected v1 or v2")
        }
        let dictionaries = try GeneformerDictionaries(directory: dictionaryDirectory, modelVersion: version)
        let tokens = dictionaries.tokenIDs
        let dictionaryFile = dictionaries.fileNames[0]
        guard let padding = tokens["<pad>"], let mask = tokens["<mask>"] else {
            throw GenePipelineError(path: "\(dictionaryDirectory)/\(dictionaryFile)", "expected <pad> and <mask> tokens")
        }
        modelVersion = version
        size = Int(tokens.values.max() ?? 0) + 1
        paddingToken = Int(padding)
        maskToken = Int(mask)
        specialTokens = Set(tokens.filter { $0.key.hasPrefix("<") }.values.map(Int.init))
        datasetPath = dataset.path
    }

    /// Fails unless a model with `modelVocabularySize` tokens fits this vocabulary, naming both
    /// (e.g. a v1 dataset given to a v2 model). `model` names the model in the message.
    public func check(modelVocabularySize: Int, model: String) throws {
        guard modelVocabularySize != size else { return }
        let other = GeneformerModelVersion.allCases.first { Self.knownSizes[$0] == modelVocabularySize }
        throw GenePipelineError(path: datasetPath, """
            vocabulary mismatch: the dataset was encoded with Geneformer \(modelVersion.rawValue) dictionaries \
            (\(size) tokens) but \(model) has a vocabulary of \(modelVocabularySize) tokens\
            \(other.map { " (Geneformer \($0.rawValue))" } ?? ""); re-encode the data with --model-version \
            \(other?.rawValue ?? "matching the model") or use a \(modelVersion.rawValue) model
            """)
    }

    /// The published dictionaries' sizes.
    static let knownSizes: [GeneformerModelVersion: Int] = [.v1: 25_426, .v2: 20_275]
}

import Foundation
import SmithyPipeline
import SmithyTransformer

/// Everything `smithy pretrain` needs besides the data: the model, its positional strategies, the
/// attention method and the training settings. Read from a TOML file:
///
/// ```toml
/// [model]                 # EncoderConfiguration fields, snake_case (defaults: Geneformer V1)
/// layers = 6
/// norm_placement = "pre"
/// attention = "standard"  # the attention method
/// [model.positional]      # PositionalConfiguration (default: none besides BERT's learned table)
/// alibi = true
/// shaw = true             # learned, rotary, t5_bias, shaw: `= true` (defaults) or a table of settings
/// [model.positional.rotary]
/// base = 10000.0
/// [training]              # TrainingSettings (defaults: Geneformer's pretraining)
/// epochs = 3
/// ```
///
/// The vocabulary size and padding token come from the dataset's dictionary; a `vocabulary_size`
/// in the file must agree with it. Unknown keys are errors naming the key and the file.
public struct PretrainingConfiguration: Equatable {
    public var model: EncoderConfiguration
    public var positional: PositionalConfiguration
    public var attention: AttentionMethodName
    public var training: TrainingSettings

    public init(model: EncoderConfiguration, positional: PositionalConfiguration = PositionalConfiguration(),
                attention: AttentionMethodName = .standard, training: TrainingSettings = .pretraining) {
        self.model = model
        self.positional = positional
        self.attention = attention
        self.training = training
    }

    /// Geneformer V1's shape with `vocabulary`'s size and padding token.
    public static func geneformerDefaults(vocabulary: GeneVocabulary) -> PretrainingConfiguration {
        var model = EncoderConfiguration.geneformerV1
        model.vocabularySize = vocabulary.size
        model.paddingTokenID = vocabulary.paddingToken
        return PretrainingConfiguration(model: model)
    }

    /// The defaults for `vocabulary` with the tables of the TOML file at `path` laid over them.
    public static func load(_ path: String, vocabulary: GeneVocabulary) throws -> PretrainingConfiguration {
        try parse(TOMLParser.parse(contentsOf: path), file: path, vocabulary: vocabulary)
    }

    /// As `load`, from an already parsed document (`file` names it in errors).
    public static func parse(_ document: TOMLTable, file: String, vocabulary: GeneVocabulary) throws -> PretrainingConfiguration {
        var configuration = geneformerDefaults(vocabulary: vocabulary)
        for key in document.keys where !["model", "training"].contains(key) {
            throw GenePipelineError(path: file, "unknown table or key '\(key)' (expected [model] and [training])")
        }
        if var model = try table(document, "model", file: file) {
            if let value = model["attention"] {
                guard let name = value.string.flatMap(AttentionMethodName.init(rawValue:)) else {
                    throw GenePipelineError(path: file, "model.attention: expected one of \(AttentionMethodName.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \(value)")
                }
                configuration.attention = name
                model["attention"] = nil
            }
            var switchedOn: Set<String> = []
            if let positional = model["positional"] {
                guard var positionalTable = positional.table else {
                    throw GenePipelineError(path: file, "model.positional: expected a table, found \(positional.kind)")
                }
                for key in PositionalConfiguration.strategySwitches {
                    guard let on = positionalTable[key]?.boolean else { continue }
                    positionalTable[key] = nil
                    if on { switchedOn.insert(key) }
                }
                configuration.positional = try TOMLCodable.overlay(positionalTable, on: configuration.positional,
                                                                   template: PositionalConfiguration.everySetting,
                                                                   file: file, location: "model.positional")
                model["positional"] = nil
            }
            configuration.model = try TOMLCodable.overlay(model, on: configuration.model, file: file, location: "model")
            if switchedOn.contains("learned") { configuration.positional.learned = .init(maxLength: configuration.model.maxPositions) }
            if switchedOn.contains("rotary") { configuration.positional.rotary = .init() }
            if switchedOn.contains("t5_bias") { configuration.positional.t5Bias = .init() }
            if switchedOn.contains("shaw") { configuration.positional.shaw = PositionalConfiguration.everySetting.shaw }
        }
        if let training = try table(document, "training", file: file) {
            configuration.training = try TOMLCodable.overlay(training, on: configuration.training, file: file, location: "training")
        }
        try vocabulary.check(modelVocabularySize: configuration.model.vocabularySize, model: "\(file) (model.vocabulary_size)")
        return configuration
    }

    /// Range and consistency checks; `file` names the configuration in errors.
    public func validate(file: String) throws {
        try training.validate(file: file)
        let m = model
        if m.layers < 1 || m.modelDimension < 1 || m.heads < 1 || m.feedForwardDimension < 1 {
            throw GenePipelineError(path: file, "model: layers, model_dimension, heads and feed_forward_dimension must be positive")
        }
        if m.modelDimension % m.heads != 0 {
            throw GenePipelineError(path: file, "model.model_dimension \(m.modelDimension) is not divisible by model.heads \(m.heads)")
        }
        if m.maxPositions > 0 && m.maxPositions < training.maxLength {
            throw GenePipelineError(path: file, "model.max_positions \(m.maxPositions) is smaller than training.max_length \(training.maxLength)")
        }
        if m.headActivation.isGated {
            throw GenePipelineError(path: file, "model.head_activation \(m.headActivation.rawValue) is gated; the masked-LM head needs a plain activation")
        }
    }

    /// The resolved configuration as TOML (written to `RUN/config.toml`; `load` reads it back).
    public func tomlText() throws -> String {
        var modelSection = try TOMLCodable.render(model, header: "model")
        modelSection = modelSection.replacingOccurrences(of: "[model]\n", with: "[model]\nattention = \"\(attention.rawValue)\"\n")
        var text = modelSection
        if positional != PositionalConfiguration() {
            text += "\n" + (try TOMLCodable.render(positional, header: "model.positional"))
        }
        return text + "\n" + (try TOMLCodable.render(training, header: "training"))
    }

    private static func table(_ document: TOMLTable, _ key: String, file: String) throws -> TOMLTable? {
        guard let value = document[key] else { return nil }
        guard let table = value.table else { throw GenePipelineError(path: file, "\(key): expected a table, found \(value.kind)") }
        return table
    }
}

/// The attention methods a configuration can name (the toolkit's `AttentionMethod` implementations).
public enum AttentionMethodName: String, CaseIterable, Codable, Sendable {
    /// `ScaledDotProductAttention`.
    case standard
}

extension PositionalConfiguration {
    /// Every strategy switched on with its default settings: the keys a `[model.positional]` table may use.
    /// Strategies with settings that may also be switched with `= true` (every setting at its default; learned
    /// positions up to the model's `max_positions`) or `= false`, as in the translation configuration.
    static let strategySwitches = ["learned", "rotary", "t5_bias", "shaw"]

    static let everySetting = PositionalConfiguration(sinusoidal: true, learned: LearnedSettings(maxLength: 2048), rotary: RotarySettings(),
                                                      alibi: true, t5Bias: T5Settings(), shaw: ShawSettings(maxDistance: 16))
}

import SmithyTransformer

/// Everything `smithy translate train` needs to know: the model, its positional strategies, the
/// tokenizer and the training recipe. Saved resolved (defaults, file and flags applied) as
/// `RUN/config.json`.
public struct TranslationConfiguration: Codable, Equatable, Sendable {
    /// The model's hyper-parameters; the vocabulary sizes are set from the tokenizer.
    public var model: Seq2SeqConfiguration
    public var positional: PositionalConfiguration
    /// The attention method of every attention block (`AttentionMethodKind`).
    public var attention: AttentionMethodKind
    public var tokenizer: TokenizerSettings
    public var training: TrainingSettings

    /// The defaults: a Transformer-base-shaped model (d 512, 8 heads, 6+6 layers, ffn 2048, post-norm,
    /// ReLU, dropout 0.1) with sinusoidal positions, a joint 8,000-token BPE vocabulary, and the paper's
    /// optimisation recipe.
    public init(model: Seq2SeqConfiguration = Seq2SeqConfiguration(sourceVocabularySize: 0, targetVocabularySize: 0),
                positional: PositionalConfiguration = PositionalConfiguration(sinusoidal: true),
                attention: AttentionMethodKind = .scaledDotProduct,
                tokenizer: TokenizerSettings = TokenizerSettings(), training: TrainingSettings = TrainingSettings()) {
        self.model = model
        self.positional = positional
        self.attention = attention
        self.tokenizer = tokenizer
        self.training = training
    }
}

/// The attention methods a translation model can be built with. The toolkit has one so far
/// (softmax(QKᵀ/√d + bias)·V); new methods plug in here and in `TranslationModelFile.makeModel`.
public enum AttentionMethodKind: String, Codable, CaseIterable, Sendable {
    case scaledDotProduct = "scaled_dot_product"
}

import SmithyPipeline
import SmithyTransformer

extension TranslationConfiguration {
    /// The defaults with the settings of the TOML file at `path` applied:
    ///
    /// ```toml
    /// [model]                 # Seq2SeqConfiguration fields, snake_case, plus `attention`
    /// model_dimension = 256
    /// heads = 8
    /// [model.positional]      # any combination; a strategy table (or `= true`) switches it on
    /// sinusoidal = true
    /// alibi = true
    /// [model.positional.rotary]
    /// convention = "interleaved"
    /// [tokenizer]
    /// vocabulary_size = 8000
    /// [training]
    /// epochs = 10
    /// ```
    ///
    /// - Throws: `TOMLError` naming the file and the key for a syntax error, an unknown key, a value
    ///   of the wrong kind, or one out of range.
    public static func load(tomlFile path: String) throws -> TranslationConfiguration {
        try parse(try TOMLParser.parse(contentsOf: path), file: path)
    }

    /// As `load(tomlFile:)`, from an already parsed document; `file` names it in errors.
    public static func parse(_ document: TOMLTable, file: String) throws -> TranslationConfiguration {
        let root = TOMLTableReader(document, file: file)
        try root.rejectUnknownKeys(["model", "tokenizer", "training"])
        var configuration = TranslationConfiguration()
        if let model = try root.table("model") { try configuration.apply(model: model) }
        if let tokenizer = try root.table("tokenizer") { try configuration.apply(tokenizer: tokenizer) }
        if let training = try root.table("training") { try configuration.apply(training: training) }
        return configuration
    }

    private mutating func apply(model table: TOMLTableReader) throws {
        try table.rejectUnknownKeys([
            "model_dimension", "heads", "feed_forward_dimension", "encoder_layers", "decoder_layers", "activation",
            "dropout", "attention_dropout", "norm_placement", "normalization", "norm_epsilon", "encoder_final_norm",
            "decoder_final_norm", "scales_embeddings", "shares_vocabulary", "ties_output_projection", "maximum_length",
            "attention", "positional",
        ])
        let positive = table.positiveInteger
        if let value = try positive("model_dimension") { model.modelDimension = value }
        if let value = try positive("heads") { model.heads = value }
        if let value = try positive("feed_forward_dimension") { model.feedForwardDimension = value }
        if let value = try table.integer("encoder_layers") { model.encoderLayers = try table.atLeast(0, "encoder_layers", value) }
        if let value = try table.integer("decoder_layers") { model.decoderLayers = try table.atLeast(1, "decoder_layers", value) }
        if let value = try table.choice("activation", of: Activation.allCases) { model.activation = value }
        if let value = try table.probability("dropout") { model.dropout = value }
        if let value = try table.probability("attention_dropout") { model.attentionDropout = value }
        if let value = try table.choice("norm_placement", of: [NormPlacement.pre, .post]) { model.normPlacement = value }
        if let value = try table.choice("normalization", of: [NormalizationKind.layerNorm, .rmsNorm]) { model.normalization = value }
        if let value = try table.number("norm_epsilon") { model.normEpsilon = Float(value) }
        if let value = try table.boolean("encoder_final_norm") { model.encoderFinalNorm = value }
        if let value = try table.boolean("decoder_final_norm") { model.decoderFinalNorm = value }
        if let value = try table.boolean("scales_embeddings") { model.scalesEmbeddings = value }
        if let value = try table.boolean("shares_vocabulary") { model.sharesVocabulary = value }
        if let value = try table.boolean("ties_output_projection") { model.tiesOutputProjection = value }
        if let value = try positive("maximum_length") { model.maximumLength = value }
        if let value = try table.choice("attention", of: AttentionMethodKind.allCases) { attention = value }
        guard model.modelDimension % model.heads == 0 else {
            throw table.error("heads", "model_dimension \(model.modelDimension) is not divisible by \(model.heads) heads")
        }
        if let positionalTable = try table.table("positional") { try apply(positional: positionalTable) }
    }

    private mutating func apply(positional table: TOMLTableReader) throws {
        try table.rejectUnknownKeys(["sinusoidal", "learned", "rotary", "alibi", "t5_bias", "shaw"])
        positional = PositionalConfiguration()
        positional.sinusoidal = try table.boolean("sinusoidal") ?? false
        positional.alibi = try table.boolean("alibi") ?? false
        if let settings = try table.strategy("learned", known: ["max_length", "std"]) {
            positional.learned = .init(maxLength: try settings.positiveInteger("max_length") ?? model.maximumLength,
                                       std: Float(try settings.number("std") ?? 1))
        }
        if let settings = try table.strategy("rotary", known: ["convention", "base", "fraction"]) {
            positional.rotary = .init(convention: try settings.choice("convention", of: [RotaryConvention.interleaved, .halfSplit]) ?? .interleaved,
                                      base: Float(try settings.number("base") ?? 10000),
                                      fraction: Float(try settings.number("fraction") ?? 1))
        }
        if let settings = try table.strategy("t5_bias", known: ["buckets", "max_distance"]) {
            positional.t5Bias = .init(buckets: try settings.positiveInteger("buckets") ?? 32,
                                      maxDistance: try settings.positiveInteger("max_distance") ?? 128)
        }
        if let settings = try table.strategy("shaw", known: ["max_distance"]) {
            positional.shaw = .init(maxDistance: try settings.positiveInteger("max_distance") ?? 16)
        }
    }

    private mutating func apply(tokenizer table: TOMLTableReader) throws {
        try table.rejectUnknownKeys(["vocabulary_size", "joint", "min_frequency"])
        if let value = try table.positiveInteger("vocabulary_size") { tokenizer.vocabularySize = value }
        if let value = try table.boolean("joint") { tokenizer.joint = value }
        if let value = try table.positiveInteger("min_frequency") { tokenizer.minFrequency = value }
    }

    private mutating func apply(training table: TOMLTableReader) throws {
        try table.rejectUnknownKeys([
            "epochs", "max_tokens_per_batch", "warmup_steps", "learning_rate_factor", "label_smoothing", "clip_norm",
            "max_sentence_tokens", "seed", "validation_bleu_sentences",
        ])
        if let value = try table.positiveInteger("epochs") { training.epochs = value }
        if let value = try table.positiveInteger("max_tokens_per_batch") { training.maxTokensPerBatch = value }
        if let value = try table.positiveInteger("warmup_steps") { training.warmupSteps = value }
        if let value = try table.number("learning_rate_factor") {
            guard value > 0 else { throw table.error("learning_rate_factor", "expected a positive number, found \(value)") }
            training.learningRateFactor = Float(value)
        }
        if let value = try table.probability("label_smoothing") { training.labelSmoothing = value }
        if let value = try table.number("clip_norm") {
            guard value >= 0 else { throw table.error("clip_norm", "expected a number ≥ 0 (0: no clipping), found \(value)") }
            training.clipNorm = Float(value)
        }
        if let value = try table.positiveInteger("max_sentence_tokens") { training.maxSentenceTokens = value }
        if let value = try table.integer("seed") { training.seed = UInt64(try table.atLeast(0, "seed", value)) }
        if let value = try table.integer("validation_bleu_sentences") {
            training.validationBleuSentences = try table.atLeast(0, "validation_bleu_sentences", value)
        }
    }
}

private extension TOMLTableReader {
    func atLeast(_ minimum: Int, _ key: String, _ value: Int) throws -> Int {
        guard value >= minimum else { throw error(key, "expected an integer ≥ \(minimum), found \(value)") }
        return value
    }

    func positiveInteger(_ key: String) throws -> Int? {
        try integer(key).map { try atLeast(1, key, $0) }
    }

    /// A number in [0, 1).
    func probability(_ key: String) throws -> Float? {
        guard let value = try number(key) else { return nil }
        guard value >= 0 && value < 1 else { throw error(key, "expected a number in [0, 1), found \(value)") }
        return Float(value)
    }

    /// A positional strategy switched on by a settings table or `true` (defaults); nil when absent or `false`.
    func strategy(_ key: String, known: [String]) throws -> TOMLTableReader? {
        if case .boolean(let on)? = table[key] {
            return on ? TOMLTableReader(TOMLTable(), file: file, name: qualified(key)) : nil
        }
        guard let settings = try self.table(key) else { return nil }
        try settings.rejectUnknownKeys(known)
        return settings
    }
}

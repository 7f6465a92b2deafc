import Foundation

/// `config.json` of a Hugging Face BERT model ↔ `EncoderConfiguration`.
enum HuggingFaceBERTConfiguration {
    /// Hugging Face `hidden_act` names ↔ ours (`gelu_new` and `gelu_pytorch_tanh` are both the tanh form).
    static let activations: [String: Activation] = [
        "relu": .relu, "gelu": .gelu, "gelu_new": .geluTanh, "gelu_pytorch_tanh": .geluTanh,
        "silu": .silu, "swish": .silu, "tanh": .tanh, "sigmoid": .sigmoid, "leaky_relu": .leakyRelu,
    ]
    static let activationNames: [Activation: String] = [
        .relu: "relu", .gelu: "gelu", .geluTanh: "gelu_new", .silu: "silu", .tanh: "tanh", .sigmoid: "sigmoid",
        .leakyRelu: "leaky_relu",
    ]

    /// Parses `config.json`; unknown or unsupported values are listed in the error.
    static func read(_ url: URL, directory: String) throws -> EncoderConfiguration {
        let data = try Data(contentsOf: url)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw HuggingFaceBERTError(directory: directory, problems: ["config.json is not a JSON object"])
        }
        var problems: [String] = []
        func number(_ key: String, default value: Double? = nil) -> Double {
            if let found = json[key] as? NSNumber { return found.doubleValue }
            if json[key] == nil || json[key] is NSNull, let value { return value }
            problems.append("config.json: '\(key)' is missing or not a number")
            return 0
        }
        if let type = json["model_type"] as? String, type != "bert" {
            problems.append("config.json: model_type '\(type)' is not 'bert'")
        }
        if let positions = json["position_embedding_type"] as? String, positions != "absolute" {
            problems.append("config.json: position_embedding_type '\(positions)' is not supported (only 'absolute')")
        }
        for flag in ["is_decoder", "add_cross_attention"] where (json[flag] as? Bool) == true {
            problems.append("config.json: \(flag) = true is not supported (encoder only)")
        }
        let actName = json["hidden_act"] as? String ?? "gelu"
        let activation = activations[actName]
        if activation == nil { problems.append("config.json: hidden_act '\(actName)' is not supported") }
        let padding = json["pad_token_id"] is NSNull ? nil : ((json["pad_token_id"] as? NSNumber)?.intValue ?? 0)
        let configuration = EncoderConfiguration.bert(
            vocabularySize: Int(number("vocab_size")), modelDimension: Int(number("hidden_size")),
            heads: Int(number("num_attention_heads")), feedForwardDimension: Int(number("intermediate_size")),
            layers: Int(number("num_hidden_layers")), activation: activation ?? .gelu,
            dropout: Float(number("hidden_dropout_prob", default: 0.1)),
            attentionDropout: Float(number("attention_probs_dropout_prob", default: 0.1)),
            maxPositions: Int(number("max_position_embeddings", default: 512)),
            tokenTypes: Int(number("type_vocab_size", default: 2)), normEpsilon: Float(number("layer_norm_eps", default: 1e-12)),
            paddingTokenID: padding, initializerStd: Float(number("initializer_range", default: 0.02)))
        if configuration.heads > 0 && configuration.modelDimension % configuration.heads != 0 {
            problems.append("config.json: hidden_size \(configuration.modelDimension) is not divisible by num_attention_heads \(configuration.heads)")
        }
        guard problems.isEmpty else { throw HuggingFaceBERTError(directory: directory, problems: problems) }
        return configuration
    }

    /// `config.json` for `configuration` (a `BertForMaskedLM`); what BERT cannot express is listed in the error.
    static func json(_ c: EncoderConfiguration, directory: String) throws -> Data {
        var problems: [String] = []
        if c.normPlacement != .post { problems.append("BERT is post-norm (normPlacement is \(c.normPlacement))") }
        if c.normalization != .layerNorm { problems.append("BERT uses LayerNorm (normalization is \(c.normalization))") }
        if c.finalNorm { problems.append("BERT has no final norm") }
        if !c.embeddingNorm { problems.append("BERT normalises its embeddings") }
        if c.maxPositions == 0 || c.tokenTypes == 0 { problems.append("BERT has learned position and token-type tables") }
        if c.activationDropout != 0 { problems.append("BERT has no dropout after the feed-forward activation") }
        if c.headActivation != c.activation {
            problems.append("BERT's head uses hidden_act (head \(c.headActivation), feed-forward \(c.activation))")
        }
        let actName = activationNames[c.activation]
        if actName == nil { problems.append("activation \(c.activation) has no Hugging Face BERT name") }
        guard problems.isEmpty else { throw HuggingFaceBERTError(directory: directory, problems: problems) }
        func decimal(_ value: Float) -> Double { Double("\(value)")! }
        let json: [String: Any] = [
            "architectures": ["BertForMaskedLM"], "model_type": "bert",
            "vocab_size": c.vocabularySize, "hidden_size": c.modelDimension, "num_hidden_layers": c.layers,
            "num_attention_heads": c.heads, "intermediate_size": c.feedForwardDimension, "hidden_act": actName!,
            "hidden_dropout_prob": decimal(c.dropout), "attention_probs_dropout_prob": decimal(c.attentionDropout),
            "max_position_embeddings": c.maxPositions, "type_vocab_size": c.tokenTypes,
            "initializer_range": decimal(c.initializerStd), "layer_norm_eps": decimal(c.normEpsilon),
            "pad_token_id": c.paddingTokenID.map { $0 as Any } ?? NSNull(), "position_embedding_type": "absolute",
            "use_cache": true, "classifier_dropout": NSNull(), "tie_word_embeddings": true, "torch_dtype": "float32",
        ]
        return try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
    }
}

/// The one table between our parameter names and Hugging Face `BertForMaskedLM`'s.
///
/// Entries with `{i}` repeat for every encoder layer. Ours are `MaskedLanguageModel` names
/// (`body.` = Hugging Face `bert.`, `head.` = `cls.predictions.`). The decoder
/// (`cls.predictions.decoder.weight`/`.bias`) is tied to the word embeddings and the head bias, so it
/// has no entry; it is checked when present.
public enum HuggingFaceBERTNames {
    /// (ours, Hugging Face) pairs.
    public static let table: [(ours: String, huggingFace: String)] = [
        ("body.embeddings.word.weight", "bert.embeddings.word_embeddings.weight"),
        ("body.embeddings.position.weight", "bert.embeddings.position_embeddings.weight"),
        ("body.embeddings.tokenType.weight", "bert.embeddings.token_type_embeddings.weight"),
        ("body.embeddings.norm.weight", "bert.embeddings.LayerNorm.weight"),
        ("body.embeddings.norm.bias", "bert.embeddings.LayerNorm.bias"),
        ("body.encoder.layers.{i}.attention.query.weight", "bert.encoder.layer.{i}.attention.self.query.weight"),
        ("body.encoder.layers.{i}.attention.query.bias", "bert.encoder.layer.{i}.attention.self.query.bias"),
        ("body.encoder.layers.{i}.attention.key.weight", "bert.encoder.layer.{i}.attention.self.key.weight"),
        ("body.encoder.layers.{i}.attention.key.bias", "bert.encoder.layer.{i}.attention.self.key.bias"),
        ("body.encoder.layers.{i}.attention.value.weight", "bert.encoder.layer.{i}.attention.self.value.weight"),
        ("body.encoder.layers.{i}.attention.value.bias", "bert.encoder.layer.{i}.attention.self.value.bias"),
        ("body.encoder.layers.{i}.attention.output.weight", "bert.encoder.layer.{i}.attention.output.dense.weight"),
        ("body.encoder.layers.{i}.attention.output.bias", "bert.encoder.layer.{i}.attention.output.dense.bias"),
        ("body.encoder.layers.{i}.attentionSublayer.norm.weight", "bert.encoder.layer.{i}.attention.output.LayerNorm.weight"),
        ("body.encoder.layers.{i}.attentionSublayer.norm.bias", "bert.encoder.layer.{i}.attention.output.LayerNorm.bias"),
        ("body.encoder.layers.{i}.feedForward.expand.weight", "bert.encoder.layer.{i}.intermediate.dense.weight"),
        ("body.encoder.layers.{i}.feedForward.expand.bias", "bert.encoder.layer.{i}.intermediate.dense.bias"),
        ("body.encoder.layers.{i}.feedForward.contract.weight", "bert.encoder.layer.{i}.output.dense.weight"),
        ("body.encoder.layers.{i}.feedForward.contract.bias", "bert.encoder.layer.{i}.output.dense.bias"),
        ("body.encoder.layers.{i}.feedForwardSublayer.norm.weight", "bert.encoder.layer.{i}.output.LayerNorm.weight"),
        ("body.encoder.layers.{i}.feedForwardSublayer.norm.bias", "bert.encoder.layer.{i}.output.LayerNorm.bias"),
        ("head.transform.weight", "cls.predictions.transform.dense.weight"),
        ("head.transform.bias", "cls.predictions.transform.dense.bias"),
        ("head.norm.weight", "cls.predictions.transform.LayerNorm.weight"),
        ("head.norm.bias", "cls.predictions.transform.LayerNorm.bias"),
        ("head.bias", "cls.predictions.bias"),
    ]

    /// Our prefix of the body and Hugging Face's.
    static let bodyPrefix = (ours: "body.", huggingFace: "bert.")

    /// The table expanded for a `MaskedLanguageModel` with `layers` layers.
    public static func maskedLanguageModel(layers: Int) -> [(ours: String, huggingFace: String)] {
        table.flatMap { entry -> [(ours: String, huggingFace: String)] in
            guard entry.ours.contains("{i}") else { return [entry] }
            return (0..<layers).map { layer in
                (entry.ours.replacingOccurrences(of: "{i}", with: "\(layer)"),
                 entry.huggingFace.replacingOccurrences(of: "{i}", with: "\(layer)"))
            }
        }
    }

    /// The body's entries for an `EncoderModel` (our names without `body.`, Hugging Face names with `bert.`).
    public static func encoderModel(layers: Int) -> [(ours: String, huggingFace: String)] {
        maskedLanguageModel(layers: layers).compactMap { entry in
            entry.ours.hasPrefix(bodyPrefix.ours) ? (String(entry.ours.dropFirst(bodyPrefix.ours.count)), entry.huggingFace) : nil
        }
    }
}

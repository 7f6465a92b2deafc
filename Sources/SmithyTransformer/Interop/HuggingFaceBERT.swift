import Foundation
import SmithyNN
import SmithyTensor

/// Reads and writes Hugging Face BERT directories (`config.json` + `model.safetensors` with
/// Hugging Face parameter names), so published checkpoints such as Geneformer's load directly.
///
/// float16 and bfloat16 checkpoints are widened to float32 on reading. Only `model.safetensors`
/// is read (convert a `pytorch_model.bin` with transformers first).
public enum HuggingFaceBERT {
    /// Tensors a checkpoint may hold that no model here uses: the `position_ids` buffer of older
    /// checkpoints and the pooler (dense + tanh) of `BertModel`/`BertForSequenceClassification`.
    static let ignoredPrefixes = ["bert.embeddings.position_ids", "bert.pooler."]

    /// A `BertForMaskedLM` directory as a `MaskedLanguageModel`. Every tensor of the table must be
    /// present with its shape; a present decoder (`cls.predictions.decoder.*`) must equal the tied
    /// word embeddings and head bias; any other unknown tensor is an error.
    public static func load(directory: URL, generator: RandomGenerator = RandomGenerator(seed: 0)) throws -> MaskedLanguageModel {
        let (configuration, tensors) = try read(directory)
        let model = MaskedLanguageModel(configuration, generator: generator)
        let ours = try translate(tensors, names: HuggingFaceBERTNames.maskedLanguageModel(layers: configuration.layers),
                                 into: model, directory: directory.path, ignoring: ignoredPrefixes)
        let tied = [("cls.predictions.decoder.weight", "body.embeddings.word.weight"), ("cls.predictions.decoder.bias", "head.bias")]
        var problems: [String] = []
        for (huggingFace, own) in tied {
            guard let value = tensors[huggingFace] else { continue }
            if let expected = ours[own], value.shape != expected.shape || value.scalars != expected.scalars {
                problems.append("'\(huggingFace)' differs from '\(own)'; an untied decoder is not supported")
            }
        }
        guard problems.isEmpty else { throw HuggingFaceBERTError(directory: directory.path, problems: problems) }
        try model.load(ours, source: directory.path)
        return model
    }

    /// The body of any BERT directory (`BertForMaskedLM`, `BertForSequenceClassification`, or a
    /// `BertModel` whose names lack the `bert.` prefix) as an `EncoderModel`, e.g. to put a
    /// `SequenceClassifier` on it. The masked-LM head (`cls.*`), the pooler and a classifier
    /// (`classifier.*`) are ignored: the classifier here has its own freshly initialised head.
    /// `generator` feeds the model's dropout (pass the training run's, so that its state is checkpointed).
    public static func loadEncoder(directory: URL, generator: RandomGenerator = RandomGenerator(seed: 0)) throws -> EncoderModel {
        var (configuration, tensors) = try read(directory)
        if tensors.keys.contains(where: { $0.hasPrefix("embeddings.") }) {
            tensors = Dictionary(uniqueKeysWithValues: tensors.map { ("bert." + $0.key, $0.value) })
        }
        let model = EncoderModel(configuration, generator: generator)
        let ours = try translate(tensors, names: HuggingFaceBERTNames.encoderModel(layers: configuration.layers), into: model,
                                 directory: directory.path, ignoring: ignoredPrefixes + ["cls.", "classifier."])
        try model.load(ours, source: directory.path)
        return model
    }

    /// Writes `model` as a `BertForMaskedLM` directory (created if needed): `config.json` and
    /// `model.safetensors` (float32, Hugging Face names, tied decoder omitted as transformers does),
    /// each written atomically. Fails, naming them, for parameters without a Hugging Face name
    /// (e.g. extra positional strategies) and for settings BERT cannot express.
    public static func save(_ model: MaskedLanguageModel, to directory: URL) throws {
        let config = try HuggingFaceBERTConfiguration.json(model.configuration, directory: directory.path)
        let names = HuggingFaceBERTNames.maskedLanguageModel(layers: model.configuration.layers)
        let huggingFaceName = Dictionary(uniqueKeysWithValues: names.map { ($0.ours, $0.huggingFace) })
        var tensors: [String: Tensor] = [:], problems: [String] = []
        for (name, tensor) in model.namedParameters() {
            if let mapped = huggingFaceName[name] { tensors[mapped] = tensor } else { problems.append("parameter '\(name)' has no Hugging Face BERT name") }
        }
        guard problems.isEmpty else { throw HuggingFaceBERTError(directory: directory.path, problems: problems) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SafeTensors(tensors: tensors, metadata: ["format": "pt"]).write(to: directory.appendingPathComponent("model.safetensors"))
        try AtomicFile.write(config, to: directory.appendingPathComponent("config.json"))
    }

    /// The configuration and (widened) tensors of a directory.
    private static func read(_ directory: URL) throws -> (EncoderConfiguration, [String: Tensor]) {
        let configURL = directory.appendingPathComponent("config.json")
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        for url in [configURL, weightsURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw HuggingFaceBERTError(directory: directory.path, problems: ["\(url.lastPathComponent) is missing"])
        }
        return (try HuggingFaceBERTConfiguration.read(configURL, directory: directory.path), try SafeTensors.read(weightsURL).tensors)
    }

    /// `tensors` renamed to our names by `names`, checked against `model`'s shapes; tensors the
    /// table lacks are errors unless they start with one of `ignoring` or are tied decoder entries.
    private static func translate(_ tensors: [String: Tensor], names: [(ours: String, huggingFace: String)], into model: Module,
                                  directory: String, ignoring: [String]) throws -> [String: Tensor] {
        let shapes = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.tensor.shape) })
        var result: [String: Tensor] = [:], problems: [String] = []
        for (own, huggingFace) in names {
            let expected = shapes[own]!
            guard let value = tensors[huggingFace] else {
                problems.append("missing tensor '\(huggingFace)' (expected shape \(expected))")
                continue
            }
            if value.shape != expected {
                problems.append("tensor '\(huggingFace)' has shape \(value.shape), expected \(expected)")
            }
            result[own] = value
        }
        let known = Set(names.map(\.huggingFace)).union(["cls.predictions.decoder.weight", "cls.predictions.decoder.bias"])
        problems += tensors.keys.filter { name in !known.contains(name) && !ignoring.contains { name.hasPrefix($0) } }
            .sorted().map { "unexpected tensor '\($0)'" }
        guard problems.isEmpty else { throw HuggingFaceBERTError(directory: directory, problems: problems) }
        return result
    }
}

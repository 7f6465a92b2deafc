import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer

/// A pretrained model directory: a Hugging Face BERT directory (`config.json` + `model.safetensors`,
/// what `smithy pretrain` writes for BERT-shaped models and what Geneformer publishes), or — for
/// models BERT cannot express (extra positional strategies, pre-norm, RMSNorm…) — our own layout:
/// `smithy_model.json` (encoder and positional configuration) + `model.safetensors` with our names.
///
/// A run directory may be given instead of its `model/` folder.
public enum ModelDirectory {
    static let nativeConfigurationName = "smithy_model.json"
    static let weightsName = "model.safetensors"

    /// The configuration of our own layout.
    struct NativeConfiguration: Codable {
        var encoder: EncoderConfiguration
        var positional: PositionalConfiguration
    }

    /// Writes `model` to `url` atomically (a staging directory renamed into place): as Hugging Face
    /// BERT when `positional` is empty and BERT can express the configuration, otherwise in our layout.
    public static func save(_ model: MaskedLanguageModel, positional: PositionalConfiguration, to url: URL) throws {
        try AtomicDirectory.write(to: url) { staging in
            if positional == PositionalConfiguration(), (try? HuggingFaceBERT.save(model, to: staging)) != nil { return }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? [] {
                try FileManager.default.removeItem(at: staging.appendingPathComponent(name))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(NativeConfiguration(encoder: model.configuration, positional: positional))
                .write(to: staging.appendingPathComponent(nativeConfigurationName))
            try model.save(to: staging.appendingPathComponent(weightsName))
        }
    }

    /// The masked language model in `path` and its positional configuration; `generator` feeds its dropout.
    public static func loadMaskedLanguageModel(_ path: String, generator: RandomGenerator = RandomGenerator(seed: 0))
        throws -> (model: MaskedLanguageModel, positional: PositionalConfiguration) {
        let directory = try resolve(path)
        if let native = try nativeConfiguration(directory) {
            let model = MaskedLanguageModel(native.encoder, positional: encodings(native), generator: generator)
            try model.load(from: try weights(directory))
            return (model, native.positional)
        }
        return (try HuggingFaceBERT.load(directory: directory, generator: generator), PositionalConfiguration())
    }

    /// The encoder body in `path` (any BERT directory, our own layout, or a run directory) and its
    /// positional configuration; `generator` feeds its dropout (pass a training run's, so that it is checkpointed).
    public static func loadEncoder(_ path: String, generator: RandomGenerator = RandomGenerator(seed: 0))
        throws -> (body: EncoderModel, positional: PositionalConfiguration) {
        let directory = try resolve(path)
        if try nativeConfiguration(directory) != nil {
            let (model, positional) = try loadMaskedLanguageModel(directory.path, generator: generator)
            return (model.body, positional)
        }
        return (try HuggingFaceBERT.loadEncoder(directory: directory, generator: generator), PositionalConfiguration())
    }

    /// The positional strategies of a configuration, built.
    static func encodings(_ native: NativeConfiguration) -> PositionalEncodings? {
        native.positional.makeEncodings(modelDimension: native.encoder.modelDimension, heads: native.encoder.heads,
                                        generator: RandomGenerator(seed: 0))
    }

    /// `path`, or `path/model` for a pretraining run directory; fails when it is not a directory.
    static func resolve(_ path: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GenePipelineError(path: path, "is not a directory; expected a model directory (config.json + model.safetensors) or a pretraining run")
        }
        let url = URL(fileURLWithPath: path)
        let runModel = RunDirectory(path).model
        if FileManager.default.fileExists(atPath: runModel.path) { return runModel }
        return url
    }

    private static func nativeConfiguration(_ directory: URL) throws -> NativeConfiguration? {
        let url = directory.appendingPathComponent(nativeConfigurationName)
        guard let data = try? Data(contentsOf: url) else { return nil }
        do { return try JSONDecoder().decode(NativeConfiguration.self, from: data) } catch {
            throw GenePipelineError(path: url.path, "is not a valid model configuration (\(error))")
        }
    }

    private static func weights(_ directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(weightsName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw GenePipelineError(path: directory.path, "\(weightsName) is missing (the model weights)")
        }
        return url
    }
}

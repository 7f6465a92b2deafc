import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer

/// A fine-tuned cell classifier (`RUN/best/`): `classifier.json` (encoder and positional
/// configuration, classes in index order, label column, pooling, validation scores) and
/// `model.safetensors` (the `SequenceClassifier`'s parameters, our names).
public enum ClassifierDirectory {
    static let descriptionName = "classifier.json"

    /// What `classifier.json` holds.
    public struct Description: Codable, Equatable {
        public var encoder: EncoderConfiguration
        public var positional: PositionalConfiguration
        public var labelColumn: String
        /// Class names; logit `i` is `classes[i]`.
        public var classes: [String]
        public var pooling: Pooling
        /// Tokens kept per cell in training (prediction truncates the same way).
        public var maxLength: Int
        /// The epoch these weights come from and their validation scores.
        public var epoch: Int
        public var validationAccuracy: Double
        public var validationMacroF1: Double
        /// `confusion[true][predicted]` on the validation cells.
        public var confusion: [[Int]]
    }

    /// Writes `classifier` and `description` to `url` atomically.
    public static func save(_ classifier: SequenceClassifier, description: Description, to url: URL) throws {
        try AtomicDirectory.write(to: url) { staging in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(description).write(to: staging.appendingPathComponent(descriptionName))
            try classifier.save(to: staging.appendingPathComponent(ModelDirectory.weightsName))
        }
    }

    /// The classifier in `path` (a `best/` directory or a fine-tuning run holding one), in eval mode.
    public static func load(_ path: String) throws -> (classifier: SequenceClassifier, description: Description) {
        let description = try readDescription(path)
        let directory = try resolve(path)
        let weights = directory.appendingPathComponent(ModelDirectory.weightsName)
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw GenePipelineError(path: directory.path, "\(ModelDirectory.weightsName) is missing (the classifier weights)")
        }
        let generator = RandomGenerator(seed: 0)
        let body = EncoderModel(description.encoder,
                                positional: ModelDirectory.encodings(.init(encoder: description.encoder, positional: description.positional)),
                                generator: generator)
        let classifier = SequenceClassifier(body: body, classes: description.classes.count, pooling: description.pooling, generator: generator)
        try classifier.load(from: weights)
        classifier.eval()
        return (classifier, description)
    }

    /// The description in `path`.
    public static func readDescription(_ path: String) throws -> Description {
        let url = try resolve(path).appendingPathComponent(descriptionName)
        do { return try JSONDecoder().decode(Description.self, from: Data(contentsOf: url)) } catch {
            throw GenePipelineError(path: url.path, "is not a readable classifier description (\(error))")
        }
    }

    /// Whether `path` is a classifier directory or a run holding one.
    public static func exists(_ path: String) -> Bool { (try? resolve(path)) != nil }

    /// `path`, or `path/best` for a fine-tuning run.
    static func resolve(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        for candidate in [url, RunDirectory(path).best]
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(descriptionName).path) {
            return candidate
        }
        throw GenePipelineError(path: path, "holds no \(descriptionName); expected a fine-tuning run or its best/ directory")
    }
}

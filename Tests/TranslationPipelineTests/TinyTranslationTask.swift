import Foundation
import TranslationPipeline

/// A few dozen synthetic sentence pairs (the target is the source's words, reversed and
/// capitalised) in a temporary directory, and a tiny model configuration, for fast end-to-end tests.
struct TinyTranslationTask {
    let directory: URL
    let trainSource: String, trainTarget: String, validSource: String, validTarget: String
    let configFile: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("translation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let words = ["red", "blue", "dog", "cat", "runs", "sits", "big", "small", "a", "the"]
        func sentences(_ count: Int, offset: Int) -> (String, String) {
            var sources: [String] = [], targets: [String] = []
            for index in 0..<count {
                let length = 2 + (index * 7 + offset) % 4
                let sentence = (0..<length).map { words[($0 * 3 + index * 5 + offset) % words.count] }
                sources.append(sentence.joined(separator: " "))
                targets.append(sentence.reversed().map { $0.uppercased() }.joined(separator: " "))
            }
            return (sources.joined(separator: "\n") + "\n", targets.joined(separator: "\n") + "\n")
        }
        let train = sentences(36, offset: 0), valid = sentences(8, offset: 3)
        trainSource = try Self.write(train.0, "train.src", in: directory)
        trainTarget = try Self.write(train.1, "train.tgt", in: directory)
        validSource = try Self.write(valid.0, "valid.src", in: directory)
        validTarget = try Self.write(valid.1, "valid.tgt", in: directory)
        configFile = try Self.write("""
            [model]
            model_dimension = 16
            heads = 2
            feed_forward_dimension = 32
            encoder_layers = 1
            decoder_layers = 1
            dropout = 0.1
            shares_vocabulary = true
            ties_output_projection = true
            maximum_length = 64
            [model.positional]
            sinusoidal = true
            learned = true
            rotary = true
            alibi = true
            [tokenizer]
            vocabulary_size = 60
            [training]
            max_tokens_per_batch = 64
            warmup_steps = 10
            seed = 7
            validation_bleu_sentences = 4
            """, "tiny.toml", in: directory)
    }

    /// A training request for a run directory `name` inside the task's directory.
    func request(run name: String, epochs: Int, resume: Bool = false) -> TrainingRequest {
        TrainingRequest(trainSource: trainSource, trainTarget: trainTarget, validSource: validSource, validTarget: validTarget,
                        output: directory.appendingPathComponent(name).path, configFile: configFile, epochs: epochs,
                        resume: resume, description: "unit test")
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

import XCTest
import TranslationPipeline

/// The TOML configuration reaches every model, positional, tokenizer and training setting.
final class ConfigurationTests: XCTestCase {
    func testEverySectionIsApplied() throws {
        let directory = FileManager.default.temporaryDirectory
        let path = try TinyTranslationTask.write("""
            [model]
            model_dimension = 64
            heads = 4
            activation = "swiglu"
            norm_placement = "pre"
            normalization = "rmsnorm"
            attention_dropout = 0.05
            [model.positional]
            sinusoidal = false
            alibi = true
            [model.positional.rotary]
            convention = "halfSplit"
            fraction = 0.5
            [model.positional.t5_bias]
            buckets = 16
            [model.positional.shaw]
            max_distance = 4
            [tokenizer]
            vocabulary_size = 1000
            joint = false
            [training]
            epochs = 3
            label_smoothing = 0.2
            clip_norm = 0
            """, "config-\(UUID().uuidString).toml", in: directory)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try TranslationConfiguration.load(tomlFile: path)
        XCTAssertEqual(configuration.model.modelDimension, 64)
        XCTAssertEqual(configuration.model.activation, .swiglu)
        XCTAssertEqual(configuration.model.normPlacement, .pre)
        XCTAssertEqual(configuration.model.normalization, .rmsNorm)
        XCTAssertEqual(configuration.model.attentionDropout, 0.05)
        XCTAssertEqual(configuration.model.encoderLayers, 6, "unset keys keep their defaults")
        XCTAssertEqual(configuration.positional.sinusoidal, false)
        XCTAssertTrue(configuration.positional.alibi)
        XCTAssertEqual(configuration.positional.rotary, .init(convention: .halfSplit, base: 10000, fraction: 0.5))
        XCTAssertEqual(configuration.positional.t5Bias, .init(buckets: 16, maxDistance: 128))
        XCTAssertEqual(configuration.positional.shaw, .init(maxDistance: 4))
        XCTAssertNil(configuration.positional.learned)
        XCTAssertEqual(configuration.tokenizer, TokenizerSettings(vocabularySize: 1000, joint: false))
        XCTAssertEqual(configuration.training.epochs, 3)
        XCTAssertEqual(configuration.training.labelSmoothing, 0.2)
        XCTAssertEqual(configuration.training.clipNorm, 0)
    }

    func testFlagsOverrideTheFile() throws {
        let task = try TinyTranslationTask()
        defer { task.remove() }
        var request = task.request(run: "run", epochs: 5)
        request.maxTokensPerBatch = 128
        request.seed = 3
        let configuration = try request.configuration()
        XCTAssertEqual(configuration.training.epochs, 5)
        XCTAssertEqual(configuration.training.maxTokensPerBatch, 128)
        XCTAssertEqual(configuration.training.seed, 3)
        XCTAssertEqual(configuration.training.warmupSteps, 10, "from the file")
    }
}

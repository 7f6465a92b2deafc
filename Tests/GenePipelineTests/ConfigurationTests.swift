import Foundation
import GenePipeline
import SmithyPipeline
import SmithyTransformer
import XCTest

final class ConfigurationTests: XCTestCase {
    func testFileOverridesDefaultsAndRoundTrips() throws {
        let folder = try GeneFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = try GeneFixtures.vocabulary(GeneFixtures.dataset(in: folder, cells: 4))
        let text = """
            [model]
            layers = 3
            norm_placement = "pre"
            final_norm = true
            activation = "gelu"
            attention = "standard"
            [model.positional]
            alibi = true
            [model.positional.rotary]
            base = 500.0
            [training]
            learning_rate = 2e-4
            """
        let configuration = try PretrainingConfiguration.parse(TOMLParser.parse(text, file: "a.toml"), file: "a.toml", vocabulary: vocabulary)
        XCTAssertEqual(configuration.model.layers, 3)
        XCTAssertEqual(configuration.model.normPlacement, .pre)
        XCTAssertEqual(configuration.model.activation, .gelu)
        XCTAssertEqual(configuration.model.modelDimension, 256, "unset keys keep the Geneformer V1 defaults")
        XCTAssertEqual(configuration.model.vocabularySize, 25_426, "the vocabulary comes from the v1 dictionary")
        XCTAssertTrue(configuration.positional.alibi)
        XCTAssertEqual(configuration.positional.rotary?.base, 500)
        XCTAssertEqual(configuration.positional.rotary?.convention, PositionalConfiguration.RotarySettings().convention)
        XCTAssertEqual(configuration.training.learningRate, 2e-4)
        XCTAssertEqual(configuration.training.epochs, TrainingSettings.pretraining.epochs)

        let written = try configuration.tomlText()
        let reread = try PretrainingConfiguration.parse(TOMLParser.parse(written, file: "b.toml"), file: "b.toml", vocabulary: vocabulary)
        XCTAssertEqual(reread, configuration)
    }

    func testStrategiesWithSettingsCanBeSwitchedOnWithTrue() throws {
        let folder = try GeneFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = try GeneFixtures.vocabulary(GeneFixtures.dataset(in: folder, cells: 4))
        let text = """
            [model]
            max_positions = 512
            [model.positional]
            learned = true
            rotary = true
            t5_bias = false
            shaw = true
            """
        let positional = try PretrainingConfiguration.parse(TOMLParser.parse(text, file: "s.toml"), file: "s.toml", vocabulary: vocabulary).positional
        XCTAssertEqual(positional.learned, .init(maxLength: 512), "learned positions span the model's max_positions")
        XCTAssertEqual(positional.rotary, .init())
        XCTAssertNil(positional.t5Bias)
        XCTAssertEqual(positional.shaw?.maxDistance, 16)
        GeneFixtures.assertThrows(["s.toml", "model.positional.rotary"]) {
            _ = try PretrainingConfiguration.parse(TOMLParser.parse("[model.positional]\nrotary = 3", file: "s.toml"), file: "s.toml",
                                                   vocabulary: vocabulary)
        }
    }

    func testUnknownKeysAndBadValuesNameTheKeyAndFile() throws {
        let folder = try GeneFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = try GeneFixtures.vocabulary(GeneFixtures.dataset(in: folder, cells: 4))
        func parse(_ text: String) throws {
            _ = try PretrainingConfiguration.parse(TOMLParser.parse(text, file: "bad.toml"), file: "bad.toml", vocabulary: vocabulary)
        }
        GeneFixtures.assertThrows(["bad.toml", "model.layer"]) { try parse("[model]\nlayer = 2") }
        GeneFixtures.assertThrows(["bad.toml", "model.positional.rotary.bass"]) { try parse("[model.positional.rotary]\nbass = 2.0") }
        GeneFixtures.assertThrows(["bad.toml", "training.epochs", "integer"]) { try parse("[training]\nepochs = \"three\"") }
        GeneFixtures.assertThrows(["bad.toml", "model.attention"]) { try parse("[model]\nattention = \"bigbird\"") }
        GeneFixtures.assertThrows(["bad.toml", "optimizer"]) { try parse("[optimizer]\nname = \"sgd\"") }
        GeneFixtures.assertThrows(["25426", "20275", "v2"]) { try parse("[model]\nvocabulary_size = 20275") }
    }
}

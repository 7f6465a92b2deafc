import Foundation
import GenePipeline
import SingleCell
import SmithyTensor
import SmithyTransformer
import XCTest

final class BadInputTests: XCTestCase {
    private func tuner(_ dataset: TokenizedDatasetFixture, pretrained: String, label: String = "cell_type") throws -> FineTuner {
        let tuner = FineTuner(dataset: dataset.dataset, vocabulary: dataset.vocabulary,
                              settings: FineTuningSettings(pretrained: pretrained, labelColumn: label),
                              training: .fineTuning, run: RunDirectory(dataset.folder.appendingPathComponent("run").path))
        tuner.showsProgress = false
        return tuner
    }

    func testMissingLabelColumnNamesTheColumnAndTheDataset() throws {
        let fixture = try TokenizedDatasetFixture()
        defer { fixture.remove() }
        let model = fixture.folder.appendingPathComponent("model")
        try ModelDirectory.save(MaskedLanguageModel(.bert(vocabularySize: 25_426, modelDimension: 8, heads: 2, feedForwardDimension: 8, layers: 1),
                                                    generator: RandomGenerator(seed: 1)), positional: PositionalConfiguration(), to: model)
        GeneFixtures.assertThrows(["no label column 'donor'", "cell_type", fixture.dataset.path]) {
            try self.tuner(fixture, pretrained: model.path, label: "donor").train()
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("run").path), "nothing written")
    }

    func testV1DatasetWithV2ModelIsAVocabularyMismatch() throws {
        let fixture = try TokenizedDatasetFixture()
        defer { fixture.remove() }
        let model = fixture.folder.appendingPathComponent("v2-model")
        try ModelDirectory.save(MaskedLanguageModel(.bert(vocabularySize: 20_275, modelDimension: 8, heads: 2, feedForwardDimension: 8, layers: 1),
                                                    generator: RandomGenerator(seed: 1)), positional: PositionalConfiguration(), to: model)
        GeneFixtures.assertThrows(["vocabulary mismatch", "v1", "25426", "20275", "v2"]) {
            try self.tuner(fixture, pretrained: model.path).train()
        }
    }

    func testCheckpointDirectoryWithoutWeights() throws {
        let fixture = try TokenizedDatasetFixture()
        defer { fixture.remove() }
        let model = fixture.folder.appendingPathComponent("model")
        try ModelDirectory.save(MaskedLanguageModel(.bert(vocabularySize: 25_426, modelDimension: 8, heads: 2, feedForwardDimension: 8, layers: 1),
                                                    generator: RandomGenerator(seed: 1)), positional: PositionalConfiguration(), to: model)
        try FileManager.default.removeItem(at: model.appendingPathComponent("model.safetensors"))
        GeneFixtures.assertThrows([model.path, "model.safetensors is missing"]) { _ = try ModelDirectory.loadEncoder(model.path) }
        GeneFixtures.assertThrows(["model.safetensors is missing"]) { try self.tuner(fixture, pretrained: model.path).train() }
    }

    /// Models BERT cannot express are saved in our own layout and load back identically.
    func testNonBERTModelsRoundTripInTheNativeLayout() throws {
        let fixture = try TokenizedDatasetFixture()
        defer { fixture.remove() }
        var configuration = EncoderConfiguration.bert(vocabularySize: 25_426, modelDimension: 8, heads: 2, feedForwardDimension: 8, layers: 1)
        configuration.normPlacement = .pre
        configuration.finalNorm = true
        let positional = PositionalConfiguration(alibi: true)
        let model = MaskedLanguageModel(configuration, positional: positional.makeEncodings(modelDimension: 8, heads: 2, generator: RandomGenerator(seed: 2)),
                                        generator: RandomGenerator(seed: 1))
        let directory = fixture.folder.appendingPathComponent("native")
        try ModelDirectory.save(model, positional: positional, to: directory)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("smithy_model.json").path))
        let (loaded, loadedPositional) = try ModelDirectory.loadMaskedLanguageModel(directory.path)
        XCTAssertEqual(loadedPositional, positional)
        XCTAssertEqual(loaded.configuration, configuration)
        XCTAssertEqual(loaded.parameters.map(\.scalars), model.parameters.map(\.scalars))
    }
}

/// A tiny dataset in a temporary folder.
struct TokenizedDatasetFixture {
    let folder: URL
    let dataset: TokenizedDataset
    let vocabulary: GeneVocabulary

    init() throws {
        folder = try GeneFixtures.temporaryDirectory()
        dataset = try GeneFixtures.dataset(in: folder, cells: 12)
        vocabulary = try GeneFixtures.vocabulary(dataset)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

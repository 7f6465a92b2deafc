import Foundation
import GenePipeline
import SingleCell
import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

final class FineTuningTests: XCTestCase {
    /// A temporary folder with the tiny dataset and a model pretrained on it for one epoch.
    private func pretrainedFixture() throws -> (folder: URL, dataset: TokenizedDataset, vocabulary: GeneVocabulary, pretrained: URL) {
        let folder = try GeneFixtures.temporaryDirectory()
        let dataset = try GeneFixtures.dataset(in: folder)
        let pretrained = folder.appendingPathComponent("pretrain")
        try GeneFixtures.pretrain(dataset, run: pretrained, epochs: 1)
        return (folder, dataset, try GeneFixtures.vocabulary(dataset), pretrained)
    }

    /// Fine-tuning settings sized for the tiny dataset.
    private static func training(epochs: Int) -> TrainingSettings {
        var training = TrainingSettings.fineTuning
        training.epochs = epochs
        training.batchSize = 4
        training.learningRate = 1e-2
        training.warmupSteps = 2
        training.maxLength = 64
        return training
    }

    /// Pretrain → finetune → predict → embed on the tiny dataset, checking the run files, the frozen
    /// layers and the output formats.
    func testFineTunePredictAndEmbed() throws {
        let (folder, dataset, vocabulary, pretrained) = try pretrainedFixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let training = Self.training(epochs: 8)
        let run = RunDirectory(folder.appendingPathComponent("finetune").path)
        let tuner = FineTuner(dataset: dataset, vocabulary: vocabulary,
                              settings: FineTuningSettings(pretrained: pretrained.path, labelColumn: "cell_type", freezeLayers: 1, pooling: .mean),
                              training: training, run: run)
        tuner.showsProgress = false
        let summary = try tuner.train()
        XCTAssertEqual(summary.best.classes, ["A", "B"])
        XCTAssertGreaterThanOrEqual(summary.best.validationAccuracy, 0.75, "the two classes use disjoint gene sets")
        for url in [run.labels, run.split, run.metrics, run.configuration, run.report, run.best.appendingPathComponent("classifier.json")] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), url.lastPathComponent)
        }
        let split = try String(contentsOf: run.split, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(split.count, 41)
        XCTAssertEqual(split.filter { $0.hasSuffix(",validation") }.count, 8, "20% of each class")

        // Frozen layer 0 and the embeddings are exactly the pretrained ones; layer 1 has moved.
        let (classifier, _) = try ClassifierDirectory.load(run.url.path)
        let (body, _) = try ModelDirectory.loadEncoder(pretrained.path)
        let before = Dictionary(uniqueKeysWithValues: body.namedParameters().map { ($0.name, $0.tensor.scalars) })
        for (name, tensor) in classifier.body.namedParameters() {
            if name.hasPrefix("encoder.layers.0.") || name.hasPrefix("embeddings.") {
                XCTAssertEqual(tensor.scalars, before[name], name)
            }
        }
        XCTAssertNotEqual(classifier.body.namedParameters().first { $0.name == "encoder.layers.1.feedForward.expand.weight" }?.tensor.scalars,
                          before["encoder.layers.1.feedForward.expand.weight"])

        let predictions = folder.appendingPathComponent("predictions.csv").path
        let scores = try CellPredictor(modelPath: run.url.path, dataset: dataset, vocabulary: vocabulary).predict(output: predictions)
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "cell_id,predicted,probability,true_label")
        XCTAssertEqual(lines.count, 41)
        XCTAssertEqual(scores?.validation?.count, 8)

        var embedder = CellEmbedder(modelPath: pretrained.path, dataset: dataset, vocabulary: vocabulary)
        embedder.layer = 0
        let first = try embedder.embeddings(cells: 0..<5)
        embedder.layer = -3
        XCTAssertEqual(try embedder.embeddings(cells: 0..<5), first, "-3 is the embeddings output of a 2-layer model")
        embedder.layer = -1
        XCTAssertNotEqual(try embedder.embeddings(cells: 0..<5), first)
        XCTAssertEqual(first[0].count, 16)
        embedder.layer = 3
        GeneFixtures.assertThrows(["--layer 3"]) { _ = try embedder.embeddings(cells: 0..<1) }
    }

    /// Fine-tuning interrupted after one epoch and resumed gives the uninterrupted run's metrics and weights.
    func testResumeReproducesAnUninterruptedRun() throws {
        let (folder, dataset, vocabulary, pretrained) = try pretrainedFixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        var training = Self.training(epochs: 3)
        func tuner(_ name: String) -> FineTuner {
            let tuner = FineTuner(dataset: dataset, vocabulary: vocabulary,
                                  settings: FineTuningSettings(pretrained: pretrained.path, labelColumn: "cell_type", freezeLayers: 1),
                                  training: training, run: RunDirectory(folder.appendingPathComponent(name).path))
            tuner.showsProgress = false
            return tuner
        }
        try tuner("whole").train()
        let interrupted = tuner("resumed")
        interrupted.stopAfterEpochs = 1
        try interrupted.train()
        try tuner("resumed").train(resume: true)

        func metricsWithoutSeconds(_ name: String) throws -> [String] {
            try String(contentsOf: RunDirectory(folder.appendingPathComponent(name).path).metrics, encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        }
        XCTAssertEqual(try metricsWithoutSeconds("resumed"), try metricsWithoutSeconds("whole"))
        XCTAssertEqual(try metricsWithoutSeconds("whole").count, 4, "header + 3 epochs")
        func weights(_ name: String) throws -> [String: [Float]] {
            let (classifier, _) = try ClassifierDirectory.load(folder.appendingPathComponent(name).path)
            return Dictionary(uniqueKeysWithValues: classifier.namedParameters().map { ($0.name, $0.tensor.scalars) })
        }
        XCTAssertEqual(try weights("resumed"), try weights("whole"))

        training.learningRate = 2e-2
        GeneFixtures.assertThrows(["config.toml", "--resume"]) { try tuner("resumed").train(resume: true) }
    }
}

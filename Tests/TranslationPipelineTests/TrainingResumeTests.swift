import Foundation
import SmithyText
import XCTest
import TranslationPipeline

/// Training end to end on a tiny task: an interrupted and resumed run gives the same metrics as an
/// uninterrupted one, the run directory holds every file, and decoding reads it back.
final class TrainingResumeTests: XCTestCase {
    private var task: TinyTranslationTask!

    override func setUpWithError() throws { task = try TinyTranslationTask() }
    override func tearDown() { task.remove() }

    private func train(_ request: TrainingRequest) throws -> [[String]] {
        let trainer = try request.makeTrainer(log: { _ in })
        trainer.showsProgress = false
        trainer.log = { _ in }
        return try trainer.fit(resume: request.resume).rows
    }

    /// Every column but the wall-clock seconds.
    private func comparable(_ rows: [[String]]) -> [[String]] { rows.map { Array($0.dropLast()) } }

    func testResumedRunMatchesUninterruptedRun() throws {
        let uninterrupted = try train(task.request(run: "straight", epochs: 3))
        _ = try train(task.request(run: "resumed", epochs: 1))
        let resumed = try train(task.request(run: "resumed", epochs: 3, resume: true))

        XCTAssertEqual(uninterrupted.count, 3)
        XCTAssertEqual(comparable(resumed), comparable(uninterrupted))
        let losses = uninterrupted.map { Double($0[2])! }
        XCTAssertLessThan(losses[2], losses[0], "training loss should fall over three epochs")
    }

    func testRunDirectoryIsCompleteAndDecodable() throws {
        _ = try train(task.request(run: "run", epochs: 1))
        let run = RunDirectory(path: task.directory.appendingPathComponent("run").path)
        for file in [run.tokenizer, run.weights, run.modelDescription, run.configuration, run.metrics, run.report,
                     run.checkpoint.appendingPathComponent("progress.json")] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent) missing")
        }
        let html = try String(contentsOf: run.report, encoding: .utf8)
        XCTAssertTrue(html.contains("<svg") && html.contains("unit test"), "report has charts and the run description")

        let tokenizers = try TranslationTokenizers(run: run)
        let model = try TranslationModelFile.loadModel(run: run, tokenizers: tokenizers)
        let sentences = ["red dog", "the big cat sits", "a"]
        let greedy = Translator(model: model, tokenizers: tokenizers, beamWidth: 1, maximumLength: 12, batchSize: 2)
        let beam = Translator(model: model, tokenizers: tokenizers, beamWidth: 3, batchSize: 2)
        let uncachedBeam = Translator(model: model, tokenizers: tokenizers, beamWidth: 3, batchSize: 2, useCache: false)
        XCTAssertEqual(greedy.translate(sentences).count, 3)
        XCTAssertEqual(beam.translate(sentences), uncachedBeam.translate(sentences), "the cache does not change beam search")
        let oneByOne = sentences.map { greedy.translate([$0])[0] }
        XCTAssertEqual(greedy.translate(sentences), oneByOne, "batching and sorting keep each translation with its line")
    }

    func testResumeRefusesADifferentConfiguration() throws {
        _ = try train(task.request(run: "run", epochs: 1))
        var request = task.request(run: "run", epochs: 2, resume: true)
        request.seed = 99
        XCTAssertThrowsError(try request.makeTrainer(log: { _ in })) { error in
            XCTAssertTrue("\(error)".contains("config.json") && "\(error)".contains("training"), "\(error)")
        }
    }

    func testTrainingAgainWithoutResumeIsRefused() throws {
        _ = try train(task.request(run: "run", epochs: 1))
        XCTAssertThrowsError(try task.request(run: "run", epochs: 1).makeTrainer(log: { _ in })) { error in
            XCTAssertTrue("\(error)".contains("--resume"), "\(error)")
        }
    }
}

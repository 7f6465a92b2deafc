import Foundation
import GenePipeline
import SmithyPipeline
import XCTest

final class PretrainingTests: XCTestCase {
    /// Two epochs in one go, and one epoch (interrupted) then `--resume` for the second, give identical metrics.
    func testResumeReproducesAnUninterruptedRun() throws {
        let folder = try GeneFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try GeneFixtures.dataset(in: folder)
        let straight = folder.appendingPathComponent("straight"), resumed = folder.appendingPathComponent("resumed")
        let uninterrupted = try GeneFixtures.pretrain(dataset, run: straight, epochs: 2)
        let interrupted = try GeneFixtures.pretrain(dataset, run: resumed, epochs: 2, stopAfterEpochs: 1)
        XCTAssertEqual(interrupted.rows.count, 1)
        let continued = try GeneFixtures.pretrain(dataset, run: resumed, epochs: 2, resume: true)

        XCTAssertEqual(uninterrupted.rows.count, 2)
        let columns = Pretrainer.metricsColumns
        for column in ["epoch", "step", "train_loss", "validation_loss", "masked_accuracy", "learning_rate"] {
            let index = columns.firstIndex(of: column)!
            XCTAssertEqual(uninterrupted.rows.map { $0[index] }, continued.rows.map { $0[index] }, column)
        }
        XCTAssertNotEqual(uninterrupted.rows[0][2], uninterrupted.rows[1][2], "the loss should change between epochs")
        let log = try MetricsLog(path: RunDirectory(resumed.path).metrics.path, columns: columns)
        XCTAssertEqual(log.rows.count, 2)
        for name in ["model/config.json", "model/model.safetensors", "checkpoint/progress.json", "config.toml", "report.html", "validation_cells.txt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: straight.appendingPathComponent(name).path), name)
        }
    }

    /// The learning rate is not zero after warmup and decays linearly to zero at the end of training.
    func testLearningRateDecaysToZeroAtTheEnd() throws {
        let folder = try GeneFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = try GeneFixtures.dataset(in: folder)
        let summary = try GeneFixtures.pretrain(dataset, run: folder.appendingPathComponent("run"), epochs: 2)
        let rates = summary.rows.map { Double($0[5])! }
        XCTAssertGreaterThan(rates[0], 0, "the rate must not be zero after warmup")
        XCTAssertLessThan(rates[1], rates[0])
        let steps = Double(summary.rows[1][1])!
        XCTAssertEqual(rates[1], 1e-3 / (steps - 3), accuracy: 1e-9, "the last step is one step before the rate reaches zero")
    }
}

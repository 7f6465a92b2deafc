import Foundation
import SmithyNN
import SmithyTensor
import SmithyTraining
import XCTest

/// TrainingCheckpoint: resuming reproduces an uninterrupted run bit for bit, broken checkpoints
/// give errors that name the file, and replacing a checkpoint leaves no staging directories.
final class CheckpointTests: XCTestCase {
    func testResumingFromACheckpointReproducesTheUninterruptedRunExactly() throws {
        let directory = try makeTemporaryDirectory(for: self).appendingPathComponent("checkpoint")
        let uninterrupted = TrainingRun(seed: 1)
        uninterrupted.train(steps: 3)
        let saved = try uninterrupted.saveCheckpoint(to: directory)
        uninterrupted.train(steps: 3)

        let resumed = TrainingRun(seed: 99)
        XCTAssertFalse(bitIdentical(resumed.model.hidden.weight, uninterrupted.model.hidden.weight))
        let progress = try TrainingCheckpoint.restore(from: directory, model: resumed.model, optimizer: resumed.optimizer)
        XCTAssertEqual(progress, saved, "step, epoch, all 64 bits of each generator word, and extra survive JSON")
        XCTAssertEqual(progress.step, 3)
        XCTAssertEqual(resumed.optimizer.stepCount, 3)
        resumed.generator.state = progress.randomState
        resumed.train(steps: 3)

        XCTAssertEqual(resumed.optimizer.stepCount, 6)
        for (expected, actual) in zip(uninterrupted.model.namedParameters(), resumed.model.namedParameters()) {
            XCTAssertEqual(expected.name, actual.name)
            XCTAssertTrue(bitIdentical(expected.tensor, actual.tensor), "\(actual.name) differs after resuming")
        }
    }

    func testRestoringFromADirectoryWithoutProgressThrowsNamingTheFile() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let run = TrainingRun(seed: 2)
        XCTAssertThrowsError(try TrainingCheckpoint.restore(from: directory, model: run.model, optimizer: run.optimizer)) { error in
            guard let error = error as? CheckpointError else { return XCTFail("expected CheckpointError, got \(error)") }
            XCTAssertEqual(error.path, directory.appendingPathComponent("progress.json").path)
            XCTAssertTrue(error.description.contains("progress.json"), "\(error)")
        }
    }

    func testTruncatedModelFileThrowsNamingTheFile() throws {
        let directory = try makeTemporaryDirectory(for: self).appendingPathComponent("checkpoint")
        let run = TrainingRun(seed: 3)
        run.train(steps: 1)
        try run.saveCheckpoint(to: directory)
        let modelFile = directory.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: modelFile)
        try bytes.prefix(bytes.count - 16).write(to: modelFile)

        let fresh = TrainingRun(seed: 4)
        XCTAssertThrowsError(try TrainingCheckpoint.restore(from: directory, model: fresh.model, optimizer: fresh.optimizer)) { error in
            XCTAssertTrue(String(describing: error).contains(modelFile.path), "\(error) should name \(modelFile.path)")
        }
    }

    func testSavingOverACheckpointReplacesItWithoutLeavingStagingDirectories() throws {
        let parent = try makeTemporaryDirectory(for: self)
        let directory = parent.appendingPathComponent("checkpoint")
        let run = TrainingRun(seed: 5)
        run.train(steps: 1)
        try run.saveCheckpoint(to: directory)
        run.train(steps: 2)
        try run.saveCheckpoint(to: directory)

        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), ["checkpoint"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
                       ["model.safetensors", "optimizer.safetensors", "progress.json"])
        let fresh = TrainingRun(seed: 6)
        let progress = try TrainingCheckpoint.restore(from: directory, model: fresh.model, optimizer: fresh.optimizer)
        XCTAssertEqual(progress.step, 3, "the second save replaced the first")
        XCTAssertTrue(bitIdentical(fresh.model.output.weight, run.model.output.weight))
    }
}

/// A tiny classifier trained with AdamW on batches drawn from its own generator, which also
/// drives dropout, so that resuming needs the parameters, the optimizer moments, the step count
/// and the generator state.
private final class TrainingRun {
    final class Classifier: Module {
        let hidden: Linear
        let dropout: Dropout
        let output: Linear

        init(generator: RandomGenerator) {
            hidden = Linear(6, 8, generator: generator)
            dropout = Dropout(0.2, generator: generator)
            output = Linear(8, 3, generator: generator)
            super.init()
        }

        func callAsFunction(_ input: Tensor) -> Tensor { output(dropout(hidden(input).relu())) }
    }

    let generator: RandomGenerator
    let model: Classifier
    let optimizer: Adam

    init(seed: UInt64) {
        generator = RandomGenerator(seed: seed)
        model = Classifier(generator: generator)
        optimizer = Adam.adamW(parameters: model.parameters, learningRate: 0.05, weightDecay: 0.1)
    }

    func train(steps: Int) {
        for _ in 0..<steps {
            let input = Tensor.randomNormal([5, 6], generator: generator)
            let targets = (0..<5).map { _ in generator.nextIndex(below: 3) }
            optimizer.zeroGradients()
            crossEntropy(logits: model(input), targets: targets).backward()
            optimizer.step()
        }
    }

    @discardableResult
    func saveCheckpoint(to directory: URL) throws -> TrainingCheckpoint.Progress {
        let progress = TrainingCheckpoint.Progress(step: optimizer.stepCount, epoch: 0, randomState: generator.state,
                                                   extra: ["note": "resume test"])
        try TrainingCheckpoint.save(model: model, optimizer: optimizer, progress: progress, to: directory)
        return progress
    }
}

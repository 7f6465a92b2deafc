import Foundation
import SmithyNN
import SmithyPipeline
import SmithyTensor
import SmithyTraining

extension RunDirectory {
    /// Whether the run directory holds a checkpoint to resume from.
    var hasCheckpoint: Bool {
        FileManager.default.fileExists(atPath: checkpoint.appendingPathComponent("progress.json").path)
    }

    /// Loads the last epoch's checkpoint into `model`, `optimizer` and `generator`, and drops the metrics
    /// rows of epochs after it (an interrupted epoch may have logged its row before the checkpoint).
    func resume(model: Module, optimizer: Optimizer, generator: RandomGenerator, metrics: MetricsLog) throws
        -> TrainingCheckpoint.Progress {
        let progress = try TrainingCheckpoint.restore(from: checkpoint, model: model, optimizer: optimizer)
        generator.state = progress.randomState
        try metrics.retain { Int($0.first ?? "") ?? .max <= progress.epoch }
        return progress
    }
}

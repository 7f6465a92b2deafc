import Foundation
import SmithyNN
import SmithyTensor

/// Everything needed to resume training exactly: model parameters, optimizer state, the step
/// and epoch reached, and the random generator's state.
///
/// Stored as a directory: `model.safetensors`, `optimizer.safetensors`, `progress.json`. The
/// directory is written beside its destination and renamed into place, so an interrupted save
/// never leaves a half-written checkpoint.
public struct TrainingCheckpoint {
    /// Where training stood when the checkpoint was taken.
    public struct Progress: Codable, Equatable {
        /// Optimizer steps taken.
        public var step: Int
        /// Completed epochs.
        public var epoch: Int
        /// The training random generator's state words.
        public var randomState: [UInt64]
        /// Free-form values the caller wants back (e.g. data order position).
        public var extra: [String: String]

        public init(step: Int, epoch: Int, randomState: [UInt64], extra: [String: String] = [:]) {
            self.step = step
            self.epoch = epoch
            self.randomState = randomState
            self.extra = extra
        }
    }

    /// Saves `model`, `optimizer` and `progress` to `directory`, replacing any checkpoint there.
    public static func save(model: Module, optimizer: Optimizer, progress: Progress, to directory: URL) throws {
        try AtomicDirectory.write(to: directory) { staging in
            try model.save(to: staging.appendingPathComponent("model.safetensors"))
            try SafeTensors(tensors: optimizer.stateTensors())
                .write(to: staging.appendingPathComponent("optimizer.safetensors"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(progress).write(to: staging.appendingPathComponent("progress.json"))
        }
    }

    /// Loads a checkpoint into `model` and `optimizer` and returns where training stood.
    public static func restore(from directory: URL, model: Module, optimizer: Optimizer) throws -> Progress {
        let progressFile = directory.appendingPathComponent("progress.json")
        guard let data = try? Data(contentsOf: progressFile) else {
            throw CheckpointError(path: progressFile.path, "is missing or unreadable; expected a training checkpoint directory")
        }
        let progress: Progress
        do { progress = try JSONDecoder().decode(Progress.self, from: data) } catch {
            throw CheckpointError(path: progressFile.path, "is not a valid progress record (\(error))")
        }
        // Read everything before changing anything, so a bad file leaves model and optimizer as they were.
        let weights = directory.appendingPathComponent("model.safetensors")
        let modelState = try SafeTensors.read(weights)
        let optimizerState = try SafeTensors.read(directory.appendingPathComponent("optimizer.safetensors"))
        try model.load(modelState.tensors, source: weights.path)
        try optimizer.restore(state: optimizerState.tensors, stepCount: progress.step)
        return progress
    }
}

/// A checkpoint that cannot be used, naming the file and the problem.
public struct CheckpointError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String

    init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

import Foundation
import SmithyPipeline
import SmithySearch

/// Shared helpers: the repository root, temporary folders and small search spaces.
enum SearchFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary folder path (not created).
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("smithy-search-\(name)-\(UUID().uuidString)").path
    }

    /// A translation space over `parameters` (TOML text of `[parameters.*]` tables) with the smoke data.
    static func translationSpace(_ parameters: String, search extra: String = "") -> String {
        """
        [search]
        pipeline = "translation"
        objective = "valid_loss"
        direction = "minimize"
        base_config = "\(repository.path)/pipelines/search/smoke-model.toml"
        startup_trials = 4
        \(extra)
        [search.data]
        train_source = "\(repository.path)/reference/multi30k/valid.de"
        train_target = "\(repository.path)/reference/multi30k/valid.en"
        valid_source = "\(repository.path)/reference/multi30k/test.de"
        valid_target = "\(repository.path)/reference/multi30k/test.en"

        \(parameters)
        """
    }

    /// A synthetic space: two floats (one log-scale), an integer, a categorical and a conditional boolean.
    static let syntheticSpace = translationSpace("""
        [parameters.x]
        option = "model.x"
        type = "float"
        low = 0.0
        high = 1.0
        [parameters.rate]
        option = "training.rate"
        type = "float"
        low = 1e-4
        high = 1.0
        log = true
        [parameters.width]
        option = "model.width"
        type = "int"
        low = 1
        high = 16
        [parameters.kind]
        option = "model.kind"
        type = "categorical"
        choices = ["a", "b", "c", "d"]
        [parameters.flag]
        option = "model.flag"
        type = "bool"
        condition = { parameter = "kind", in = ["c", "d"] }
        """)

    /// A cheap objective (lower is better) with its minimum 0 at x 0.7, rate 1e-2, width 12, kind c, flag true.
    static func syntheticLoss(_ assignment: ParameterAssignment) -> Double {
        let x = assignment["x"]!.number!, rate = assignment["rate"]!.number!, width = Double(assignment["width"]!.integer!)
        var loss = (x - 0.7) * (x - 0.7) + pow(log10(rate) + 2, 2) / 4 + pow((width - 12) / 15, 2)
        loss += assignment["kind"] == .string("c") ? 0 : 0.3
        loss += assignment["flag"] == .boolean(true) ? 0 : 0.2
        return loss
    }
}

/// Evaluates trials in-process: each poll reports one more epoch of a curve computed from the
/// parameters; `curve` gives the per-epoch objective values.
final class InProcessRunner: TrialRunner {
    let curve: (ParameterAssignment) -> [Double]
    private(set) var started: [Int] = []

    init(curve: @escaping (ParameterAssignment) -> [Double]) { self.curve = curve }

    func start(_ launch: TrialLaunch) throws -> RunningTrial {
        started.append(launch.index)
        return InProcessTrial(values: curve(launch.parameters))
    }

    func recordedValues(in directory: String) -> [Double] { [] }
}

final class InProcessTrial: RunningTrial {
    private let values: [Double]
    private var epochs = 0
    private(set) var stopped = false

    init(values: [Double]) { self.values = values }

    func epochValues() -> [Double] { Array(values.prefix(epochs)) }

    func poll() -> TrialEnd? {
        guard epochs < values.count, !stopped else { return .exited }
        epochs += 1
        return nil
    }

    func stop() { stopped = true }
}

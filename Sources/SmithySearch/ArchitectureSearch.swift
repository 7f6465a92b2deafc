import Foundation
import SmithyPipeline
import SmithyTensor

/// Runs a search: proposes trials with `SearchSampler`, keeps up to `parallel` of them running
/// through a `TrialRunner`, stops unpromising ones with `MedianPruner`, and after every change
/// rewrites trials.csv; at the end writes best.toml and report.html.
public final class ArchitectureSearch {
    public let space: SearchSpace
    /// The parsed base configuration.
    public let base: TOMLTable
    public let directory: SearchDirectory
    public let runner: TrialRunner
    public let sampler: SearchSampler
    public let pruner: MedianPruner
    /// Trials wanted in total (finished ones from an earlier session count).
    public let trialCount: Int
    public let parallel: Int
    /// Seconds between looks at running trials.
    public var pollInterval = 0.5
    /// Receives one line per trial event.
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    /// Set (e.g. by a signal handler) to stop: running trials are terminated and stay `running` in
    /// trials.csv, so --resume reruns them.
    public var interrupted: () -> Bool = { false }

    private var records: [Int: TrialRecord] = [:]
    private var curves: [Int: [Double]] = [:]

    /// `earlier`: the records of an interrupted search (--resume); its running trials are rerun with their parameters.
    public init(space: SearchSpace, base: TOMLTable, directory: SearchDirectory, runner: TrialRunner, seed: UInt64,
                trials: Int, parallel: Int, earlier: [TrialRecord] = []) {
        self.space = space
        self.base = base
        self.directory = directory
        self.runner = runner
        sampler = SearchSampler(space: space, seed: seed)
        pruner = MedianPruner(settings: space.pruning, objective: space.objective)
        trialCount = trials
        self.parallel = max(1, parallel)
        for record in earlier {
            records[record.index] = record
            if record.status == .completed { curves[record.index] = runner.recordedValues(in: directory.trial(record.index)) }
        }
    }

    /// All trials so far, by trial number.
    public var trials: [TrialRecord] { records.values.sorted { $0.index < $1.index } }

    /// The best completed trial, if any.
    public var best: TrialRecord? {
        trials.filter { $0.status == .completed && $0.objective != nil }
            .reduce(nil as TrialRecord?) { best, record in
                best.map { space.objective.isBetter(record.objective!, than: $0.objective!) ? record : $0 } ?? record
            }
    }

    /// Runs trials until `trialCount` have finished (or `interrupted`), then writes best.toml and report.html.
    /// - Returns: false when interrupted.
    @discardableResult
    public func run() throws -> Bool {
        var queue = trials.filter { $0.status == .running }.map { ($0.index, $0.parameters) }
        var nextIndex = (records.keys.max() ?? -1) + 1
        var running: [(record: TrialRecord, trial: RunningTrial, started: Date)] = []
        var progress = ProgressBar(label: "search", unit: "trials")
        while true {
            if interrupted() {
                for entry in running { entry.trial.stop() }
                try writeTable()
                log("search interrupted: \(running.count) running trial(s) will be rerun by --resume")
                return false
            }
            while running.count < parallel {
                let index: Int, parameters: ParameterAssignment
                if !queue.isEmpty {
                    (index, parameters) = queue.removeFirst()
                } else if records.count < trialCount {
                    index = nextIndex
                    nextIndex += 1
                    parameters = sampler.propose(trial: index, finished: trials.filter(\.isFinished),
                                                 pending: running.map { $0.0.parameters })
                } else { break }
                let record = TrialRecord(index: index, status: .running, parameters: parameters)
                records[index] = record
                do {
                    running.append((record, try start(record), Date()))
                    log("trial \(index) started: \(describe(parameters))")
                } catch {
                    finish(record, status: .failed, values: [], seconds: 0, error: "\(error)")
                }
                try writeTable()
            }
            if running.isEmpty { break }
            var changed = false
            for (position, entry) in running.enumerated().reversed() {
                // A Ctrl-C reaches the children too: their deaths are the interruption, not crashes.
                if interrupted() { break }
                let values = entry.trial.epochValues()
                let seconds = Date().timeIntervalSince(entry.started)
                if let end = entry.trial.poll() {
                    let crash: String? = { if case .crashed(let message) = end { return message } else { return nil } }()
                    finish(entry.record, status: .completed, values: entry.trial.epochValues(), seconds: seconds, error: crash)
                } else if pruner.shouldPrune(values, finished: completedCurves()) {
                    entry.trial.stop()
                    finish(entry.record, status: .pruned, values: values, seconds: seconds, error: nil)
                } else { continue }
                running.remove(at: position)
                changed = true
                progress.update(trials.filter(\.isFinished).count, of: trialCount,
                                detail: best.map { "best \(space.objective.name) \(format($0.objective!)) (trial \($0.index))" } ?? "")
            }
            if changed { try writeTable() } else { Thread.sleep(forTimeInterval: pollInterval) }
        }
        try writeResults()
        return true
    }

    /// Writes best.toml (when a trial completed) and report.html from the trials so far.
    public func writeResults() throws {
        try writeTable()
        if let best {
            let header = "# The best trial (\(best.index)) of this search: \(space.objective.name) = \(format(best.objective!)).\n"
                + "# \(space.baseConfiguration) with \(describe(best.parameters)).\n\n"
            let text = header + TOMLWriter.document(space.configuration(base, with: best.parameters))
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: directory.best))
        }
        try SearchReport(space: space, trials: trials).write(to: directory.report)
    }

    private func start(_ record: TrialRecord) throws -> RunningTrial {
        let folder = directory.trial(record.index)
        if FileManager.default.fileExists(atPath: folder) { try FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configuration = space.configuration(base, with: record.parameters)
        let text = "# Trial \(record.index): \(describe(record.parameters)).\n\n" + TOMLWriter.document(configuration)
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("config.toml")))
        return try runner.start(TrialLaunch(index: record.index, parameters: record.parameters, configuration: configuration, directory: folder))
    }

    /// Records how a trial ended: a crash, no metrics or a non-finite objective make it failed.
    private func finish(_ started: TrialRecord, status: TrialRecord.Status, values: [Double], seconds: Double, error: String?) {
        var record = started
        record.seconds = seconds
        record.epochs = values.count
        record.objective = space.objective.best(of: values)
        if let error {
            record.status = .failed
            record.error = error
        } else if values.isEmpty && status == .completed {
            record.status = .failed
            record.error = "no metrics: the run wrote no \(space.objective.name) values"
        } else if values.contains(where: { !$0.isFinite }) {
            record.status = .failed
            record.error = "\(space.objective.name) is not finite (NaN or infinite) at epoch \((values.firstIndex { !$0.isFinite } ?? 0) + 1)"
        } else {
            record.status = status
        }
        records[record.index] = record
        if record.status == .completed { curves[record.index] = values }
        log("trial \(record.index) \(record.status.rawValue)"
            + (record.objective.map { ": \(space.objective.name) \(format($0))" } ?? "")
            + String(format: " after %d epoch(s), %.0f s", record.epochs, record.seconds)
            + (record.error.isEmpty ? "" : " — \(record.error)"))
    }

    private func completedCurves() -> [[Double]] {
        trials.filter { $0.status == .completed }.compactMap { curves[$0.index] }
    }

    private func writeTable() throws { try TrialTable.write(trials, space: space, to: directory.trials) }

    private func describe(_ parameters: ParameterAssignment) -> String {
        space.parameters.compactMap { parameter in parameters[parameter.name].map { "\(parameter.name)=\(ParameterDomain.text(of: $0))" } }
            .joined(separator: ", ")
    }

    private func format(_ value: Double) -> String { String(format: "%.4g", value) }
}

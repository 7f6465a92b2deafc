import Foundation

/// Runs a pipeline's stages in order, skipping those whose outputs are up to date.
///
/// A stage is up to date when every output exists, none is older than any input, and the stage's
/// argument list is the one recorded when it last succeeded (a stamp file beside its first
/// output), so changing an option reruns it. A failed stage stops the pipeline.
public struct PipelineRunner {
    public let definition: PipelineDefinition

    public init(definition: PipelineDefinition) { self.definition = definition }

    /// What happened to a stage.
    public enum Outcome: Equatable {
        case ran
        case skipped
    }

    /// Runs the stages with `execute` (which runs one argument list and throws on failure);
    /// `force` reruns every stage. Returns each stage's outcome in order.
    @discardableResult
    public func run(force: Bool = false, log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
                    execute: (PipelineDefinition.Stage) throws -> Void) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for (index, stage) in definition.stages.enumerated() {
            let header = "[\(index + 1)/\(definition.stages.count)] \(stage.name)"
            if !force, isUpToDate(stage) {
                log("\(header): up to date, skipped")
                outcomes.append(.skipped)
                continue
            }
            for input in stage.inputs where !FileManager.default.fileExists(atPath: input) {
                throw PipelineError(description: "\(definition.file): stage '\(stage.name)' needs \(input), which does not exist")
            }
            log("\(header): smithy \(stage.arguments.joined(separator: " "))")
            let start = Date()
            try execute(stage)
            for output in stage.outputs where !FileManager.default.fileExists(atPath: output) {
                throw PipelineError(description: "\(definition.file): stage '\(stage.name)' finished without producing \(output)")
            }
            try writeStamp(for: stage)
            log("\(header): done in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
            outcomes.append(.ran)
        }
        return outcomes
    }

    /// Whether `stage` can be skipped.
    public func isUpToDate(_ stage: PipelineDefinition.Stage) -> Bool {
        guard !stage.outputs.isEmpty, let stamp = stampPath(stage),
              (try? String(contentsOfFile: stamp, encoding: .utf8)) == stampContent(stage) else { return false }
        let outputTimes = stage.outputs.map(modificationDate)
        guard outputTimes.allSatisfy({ $0 != nil }), let oldestOutput = outputTimes.compactMap({ $0 }).min() else { return false }
        return stage.inputs.allSatisfy { input in modificationDate(input).map { $0 <= oldestOutput } ?? false }
    }

    private func stampPath(_ stage: PipelineDefinition.Stage) -> String? {
        guard let first = stage.outputs.first else { return nil }
        let url = URL(fileURLWithPath: first)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).stage").path
    }

    private func stampContent(_ stage: PipelineDefinition.Stage) -> String { stage.arguments.joined(separator: "\u{1F}") }

    private func writeStamp(for stage: PipelineDefinition.Stage) throws {
        guard let path = stampPath(stage) else { return }
        try Data(stampContent(stage).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func modificationDate(_ path: String) -> Date? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return attributes[.modificationDate] as? Date
    }
}

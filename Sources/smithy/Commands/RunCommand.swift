import ArgumentParser
import Foundation
import SmithyPipeline

/// `smithy run FILE`: runs a pipeline file's stages, skipping those that are up to date.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a pipeline file (pipelines/*.toml), skipping stages whose outputs are up to date.")

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "Apply the variables of [profiles.NAME] (e.g. quick).")
    var profile: String?

    @Option(name: .customLong("set"), help: "Override a variable: NAME=VALUE (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Rerun every stage even if its outputs are up to date.")
    var force = false

    @Flag(help: "Print the stages and exit.")
    var dryRun = false

    func run() throws {
        var values: [String: String] = [:]
        for assignment in overrides {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ValidationError("--set \(assignment): expected NAME=VALUE")
            }
            values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        let definition = try PipelineDefinition.load(file, profile: profile, overrides: values)
        if dryRun {
            for stage in definition.stages { print("\(stage.name): smithy \(stage.arguments.joined(separator: " "))") }
            return
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        try PipelineRunner(definition: definition).run(force: force) { stage in
            let process = Process()
            process.executableURL = executable
            process.arguments = stage.arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw PipelineError(description: "stage '\(stage.name)' failed with exit status \(process.terminationStatus)")
            }
        }
    }
}

import ArgumentParser

/// `smithy dataset`: inspect and export tokenized dataset files.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Inspect and export tokenized dataset files written by rank-encode.",
        subcommands: [DatasetInfoCommand.self, DatasetExportCommand.self])
}

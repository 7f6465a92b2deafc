import ArgumentParser
import SingleCell

/// `smithy dataset export`: a tokenized dataset as TSV (`cell_id`, `label`, `input_ids`).
struct DatasetExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write cell_id<TAB>label<TAB>input_ids lines (label = the first label column, or NA).")

    @Argument(help: "The tokenized dataset file.")
    var dataset: String

    @Option(help: "The TSV file to write (gzip-compressed when the name ends in .gz).")
    var tsv: String

    func run() throws {
        try TokenizedDatasetExport.writeTSV(TokenizedDataset(path: dataset), to: tsv)
    }
}

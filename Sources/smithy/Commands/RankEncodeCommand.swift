import ArgumentParser
import Foundation
import SingleCell

/// `smithy rank-encode`: single-cell files → Geneformer rank-value tokens in one dataset file.
struct RankEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank-encode",
        abstract: "Tokenize .h5ad / 10x .h5 / .loom files exactly like Geneformer's TranscriptomeTokenizer.")

    @Argument(help: "Input files (.h5ad, 10x CellRanger .h5 v2/v3, .loom).")
    var inputs: [String]

    @Option(help: "The tokenized dataset file to write (HDF5).")
    var output: String

    @Option(help: "Geneformer version: v1 (gc30M, 2048 tokens) or v2 (gc104M, <cls>…<eos>, 4096).")
    var modelVersion: String = "v2"

    @Option(help: "Folder with the dictionary TSVs (default: $SMITHY_REFERENCE/geneformer, then ./reference/geneformer, then reference/geneformer beside the executable).")
    var dictionaries: String?

    @Option(help: "Gene column with Ensembl IDs or symbols (default: ensembl_id; 10x: id; loom: ensembl_id).")
    var geneIDColumn: String?

    @Option(help: "Cell metadata column to copy into the dataset (repeatable); the first is the label.")
    var labelColumn: [String] = []

    @Option(help: "Longest sequence, special tokens included (default: the model input size).")
    var maxLength: Int?

    @Option(help: "Cells read and encoded at a time (bounds memory).")
    var chunkSize: Int = 1000

    @Option(help: "Threads encoding each chunk (default: the number of cores, at most 8).")
    var threads: Int?

    @Option(help: "AnnData matrix holding raw counts: X, raw (raw/X) or a layer name.")
    var layer: String = "X"

    @Flag(help: "Remove version suffixes from Ensembl IDs (ENSG00000141510.12 → ENSG00000141510).")
    var stripVersionSuffix = false

    func run() throws {
        guard let version = GeneformerModelVersion(rawValue: modelVersion.lowercased()) else {
            throw ValidationError("--model-version must be v1 or v2, not '\(modelVersion)'")
        }
        if let maxLength, maxLength < (version.usesSpecialTokens ? 3 : 1) {
            throw ValidationError("--max-length \(maxLength) leaves no room for genes")
        }
        let directory = try ReferenceDirectory.locate("geneformer", explicit: dictionaries)
        let loaded = try GeneformerDictionaries(directory: directory, modelVersion: version)
        var options = RankEncodingOptions()
        options.geneColumn = geneIDColumn
        options.labelColumns = labelColumn
        options.maximumLength = maxLength
        options.chunkSize = chunkSize
        if let threads { options.threads = threads }
        options.stripVersionSuffix = stripVersionSuffix
        options.annDataMatrix = AnnDataMatrix(layer)
        options.createdBy = "smithy rank-encode (\(CommandLine.arguments.dropFirst().joined(separator: " ")))"
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: output).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        var job = RankEncodingJob(inputs: inputs, output: output, dictionaries: loaded, options: options)
        var bar = StderrProgressBar(label: "rank-encode")
        job.progress = { bar.update($0, of: $1) }
        job.warn = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
        let started = Date()
        let summary = try job.run()
        let seconds = Date().timeIntervalSince(started)
        let report = """
            cells read \(summary.cellsRead), kept \(summary.cellsKept), dropped \(summary.emptyCellsDropped) empty\
            \(summary.cellsFilteredOut > 0 ? ", \(summary.cellsFilteredOut) by filter_pass" : "")
            genes matched to the \(version.rawValue) dictionary: \(summary.genesMatched) of \(summary.genesInInputs) (\(String(format: "%.1f", summary.percentGenesMatched)) %)
            median length \(summary.medianLength) tokens; \(String(format: "%.2f", seconds)) s, \(Int(Double(summary.cellsRead) / max(seconds, 1e-9))) cells/s, \(String(format: "%.1f", Double(summary.inputBytes) / 1e6 / max(seconds, 1e-9))) MB/s
            wrote \(output)

            """
        FileHandle.standardError.write(Data(report.utf8))
    }
}

import ArgumentParser
import Foundation
import SingleCell

/// `smithy rank-encode-bench`: rank-encoding throughput next to the time to merely read the matrix.
///
/// With `--generate`, first writes a synthetic sparse `.h5ad` (default 100,000 cells × 30,000 genes,
/// ~2,000 genes per cell, gene IDs from the dictionary) through libhdf5; it is never committed.
struct RankEncodeBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank-encode-bench",
        abstract: "Measure rank-encoding throughput (cells/s, MB/s) against the libhdf5 read floor.")

    @Argument(help: "Files to benchmark (real files, and/or the --generate output).")
    var inputs: [String] = []

    @Option(help: "Write a synthetic sparse .h5ad here first, and benchmark it.")
    var generate: String?

    @Option(help: "Cells of the synthetic file.")
    var cells: Int = 100_000

    @Option(help: "Genes of the synthetic file.")
    var genes: Int = 30_000

    @Option(help: "Mean expressed genes per cell of the synthetic file.")
    var genesPerCell: Int = 2_000

    @Option(help: "Cells per chunk, for both the floor and the encoding.")
    var chunkSize: Int = 1000

    @Option(help: "Encoding threads (default: the number of cores, at most 8).")
    var threads: Int?

    @Option(help: "Geneformer version: v1 or v2.")
    var modelVersion: String = "v2"

    @Option(help: "Folder with the dictionary TSVs (same lookup as rank-encode).")
    var dictionaries: String?

    func run() throws {
        guard let version = GeneformerModelVersion(rawValue: modelVersion) else {
            throw ValidationError("--model-version must be v1 or v2")
        }
        let loaded = try GeneformerDictionaries(
            directory: ReferenceDirectory.locate("geneformer", explicit: dictionaries), modelVersion: version)
        var files = inputs
        if let generate {
            try generateSynthetic(at: generate, dictionaries: loaded)
            files.append(generate)
        }
        guard !files.isEmpty else { throw ValidationError("give input files and/or --generate PATH") }
        print("file\tcells\tMB\tread_floor_s\tencode_s\tcells_per_s\tMB_per_s\tratio_to_floor")
        for file in files { try benchmark(file, dictionaries: loaded) }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak resident memory \(usage.ru_maxrss / 1024) MiB (chunk size \(chunkSize) cells)")
    }

    private func generateSynthetic(at path: String, dictionaries: GeneformerDictionaries) throws {
        let geneIDs = dictionaries.tokenIDs.filter { !$0.key.hasPrefix("<") }.sorted { $0.value < $1.value }.map(\.key)
        let names = (0..<genes).map { geneIDs[$0 % geneIDs.count] + ($0 < geneIDs.count ? "" : "_\($0 / geneIDs.count)") }
        var matrix = SyntheticCountMatrix(cellCount: cells, geneCount: genes, genesPerCell: genesPerCell)
        let writer = try AnnDataWriter(path: path, geneIDs: names)
        var rows = CellRows()
        var totals: [Double] = []
        var bar = StderrProgressBar(label: "generate")
        let started = Date()
        for start in stride(from: 0, to: cells, by: 10_000) {
            matrix.generate(start..<min(start + 10_000, cells), into: &rows)
            for cell in 0..<rows.cellCount {
                totals.append(rows.counts[rows.rowStarts[cell]..<rows.rowStarts[cell + 1]].reduce(0, +))
            }
            try writer.append(rows)
            bar.update(writer.cellCount, of: cells)
        }
        let types = ["T cell", "B cell", "NK cell", "Monocyte", "Dendritic", "Platelet"]
        try writer.finish(cellIDs: (0..<cells).map { "cell\($0)" },
                          columns: [("n_counts", .numbers(totals)), ("cell_type", .strings((0..<cells).map { types[$0 % types.count] }))])
        FileHandle.standardError.write(Data("generated \(path) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
    }

    private func benchmark(_ file: String, dictionaries: GeneformerDictionaries) throws {
        let bytes = ((try FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.doubleValue ?? 0
        let floor = try (0..<2).map { _ in try timeReading(file) }.min()!
        let output = NSTemporaryDirectory() + "smithy-bench-\(ProcessInfo.processInfo.processIdentifier).h5"
        defer { try? FileManager.default.removeItem(atPath: output) }
        var options = RankEncodingOptions()
        options.chunkSize = chunkSize
        if let threads { options.threads = threads }
        let job = RankEncodingJob(inputs: [file], output: output, dictionaries: dictionaries, options: options)
        let started = Date()
        let summary = try job.run()
        let seconds = Date().timeIntervalSince(started)
        let megabytes = bytes / 1e6
        print([URL(fileURLWithPath: file).lastPathComponent, "\(summary.cellsRead)", String(format: "%.1f", megabytes),
               String(format: "%.3f", floor), String(format: "%.3f", seconds),
               String(format: "%.0f", Double(summary.cellsRead) / seconds), String(format: "%.1f", megabytes / seconds),
               String(format: "%.2f", seconds / floor)].joined(separator: "\t"))
    }

    /// Seconds to read every cell through libhdf5 in chunks, without encoding: the floor.
    private func timeReading(_ file: String) throws -> Double {
        let started = Date()
        let source = try CellMatrixSourceOpening.open(file)
        var rows = CellRows()
        for start in stride(from: 0, to: source.cellCount, by: chunkSize) {
            try source.readCells(start..<min(start + chunkSize, source.cellCount), into: &rows)
        }
        return Date().timeIntervalSince(started)
    }
}

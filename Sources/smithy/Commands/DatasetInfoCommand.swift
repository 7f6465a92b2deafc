import ArgumentParser
import SingleCell

/// `smithy dataset info`: cells, length statistics and metadata of a tokenized dataset.
struct DatasetInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print cells, lengths and metadata columns.")

    @Argument(help: "The tokenized dataset file.")
    var dataset: String

    func run() throws {
        let file = try TokenizedDataset(path: dataset)
        var lengths: [Int64] = []
        lengths.reserveCapacity(file.cellCount)
        let block = 1 << 16
        for start in stride(from: 0, to: file.cellCount, by: block) {
            let offsets = try file.offsets(start..<min(start + block, file.cellCount))
            lengths += zip(offsets.dropFirst(), offsets).map { $0 - $1 }
        }
        lengths.sort()
        let metadata = file.metadata
        print("file            \(dataset)")
        print("cells           \(file.cellCount)")
        print("tokens          \(file.tokenCount)")
        if let shortest = lengths.first, let longest = lengths.last {
            let mean = Double(file.tokenCount) / Double(file.cellCount)
            print("length          min \(shortest), median \(lengths[(lengths.count - 1) / 2]), mean \(String(format: "%.1f", mean)), max \(longest)")
        }
        print("columns         \(file.columnNames.joined(separator: ", "))")
        print("model version   \(metadata.modelVersion)")
        print("dictionaries    \(metadata.dictionaryFiles.joined(separator: ", "))")
        print("source files    \(metadata.sourceFiles.joined(separator: ", "))")
        print("created by      \(metadata.createdBy)")
    }
}

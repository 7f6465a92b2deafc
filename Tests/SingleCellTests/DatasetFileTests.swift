import XCTest
@testable import SingleCell

final class DatasetFileTests: XCTestCase {
    private let metadata = TokenizedDatasetMetadata(
        modelVersion: "v2", dictionaryFiles: ["token_dictionary_gc104M.tsv"], sourceFiles: ["a.h5ad", "b.loom"],
        labelColumns: ["cell_type", "donor"], createdBy: "tests")

    private func writeSample(_ path: String) throws {
        let writer = try TokenizedDatasetWriter(path: path, metadata: metadata)
        writer.addCell(id: "c1", labels: ["T cell", "d1"], sourceFile: 0, tokens: [2, 10, 11, 3])
        writer.addCell(id: "c2", labels: ["B cell", "d2"], sourceFile: 0, tokens: [2, 12, 3])
        try writer.flush()
        writer.addCell(id: "c3", labels: ["NK cell", "d1"], sourceFile: 1, tokens: [2, 13, 14, 15, 16, 3])
        try writer.finish()
    }

    func testWriteReadRoundTrip() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/sample.h5"
        try writeSample(path)
        let dataset = try TokenizedDataset(path: path)
        XCTAssertEqual(dataset.cellCount, 3)
        XCTAssertEqual(dataset.tokenCount, 13)
        XCTAssertEqual(dataset.metadata, metadata)
        XCTAssertEqual(dataset.columnNames, ["cell_id", "cell_type", "donor"])
        XCTAssertEqual(try dataset.tokens(0..<3), [[2, 10, 11, 3], [2, 12, 3], [2, 13, 14, 15, 16, 3]])
        XCTAssertEqual(try dataset.tokens(1..<3), [[2, 12, 3], [2, 13, 14, 15, 16, 3]])
        XCTAssertEqual(try dataset.offsets(2..<3), [7, 13])
        XCTAssertEqual(try dataset.column("donor", 1..<3), ["d2", "d1"])
        XCTAssertEqual(try dataset.sourceFileIndices(0..<3), [0, 0, 1])
        XCTAssertThrowsError(try dataset.tokens(2..<4))
        XCTAssertThrowsError(try dataset.column("missing", 0..<1))
        XCTAssertEqual(filesIn(directory), ["sample.h5"])
    }

    func testTokensAreStoredAsUInt16WhenEveryIDFitsAndReadBackAsInt32() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let sample: [[Int32]] = [[2, 65_535, 0, 3], [2, 40_000, 3]]
        for (name, largest) in [("narrow.h5", Int32(65_535)), ("wide.h5", Int32(70_000))] {
            let writer = try TokenizedDatasetWriter(path: directory + "/" + name, metadata: metadata, largestToken: largest)
            for (index, tokens) in sample.enumerated() {
                writer.addCell(id: "c\(index)", labels: ["T cell", "d1"], sourceFile: 0, tokens: tokens[...])
            }
            try writer.finish()
            XCTAssertEqual(try TokenizedDataset(path: directory + "/" + name).tokens(0..<2), sample, name)
        }
        for (name, stored) in [("narrow.h5", "16-bit integers"), ("wide.h5", "32-bit integers")] {
            let file = try HDF5File(openingForReading: directory + "/" + name)
            XCTAssertEqual(try file.rootGroup().dataset(TokenizedDatasetLayout.tokens).typeDescription, stored, name)
        }
    }

    func testTSVExportFormat() throws {
        let directory = try makeTemporaryDirectory(for: self)
        try writeSample(directory + "/sample.h5")
        try TokenizedDatasetExport.writeTSV(TokenizedDataset(path: directory + "/sample.h5"), to: directory + "/out.tsv", blockSize: 2)
        XCTAssertEqual(try String(contentsOfFile: directory + "/out.tsv", encoding: .utf8), """
            cell_id\tlabel\tinput_ids
            c1\tT cell\t2 10 11 3
            c2\tB cell\t2 12 3
            c3\tNK cell\t2 13 14 15 16 3

            """)
        XCTAssertEqual(filesIn(directory), ["out.tsv", "sample.h5"])
    }

    /// A `.gz` destination is gzip-compressed (zlib), and decompresses to the plain export.
    func testTSVExportCompressesGzipDestinations() throws {
        let directory = try makeTemporaryDirectory(for: self)
        try writeSample(directory + "/sample.h5")
        let dataset = try TokenizedDataset(path: directory + "/sample.h5")
        try TokenizedDatasetExport.writeTSV(dataset, to: directory + "/plain.tsv", blockSize: 2)
        try TokenizedDatasetExport.writeTSV(dataset, to: directory + "/packed.tsv.gz", blockSize: 2)
        let compressed = try Data(contentsOf: URL(fileURLWithPath: directory + "/packed.tsv.gz"))
        XCTAssertEqual(Array(compressed.prefix(2)), [0x1F, 0x8B], "gzip magic bytes")
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gunzip.arguments = ["gzip", "-dc", directory + "/packed.tsv.gz"]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        let decompressed = pipe.fileHandleForReading.readDataToEndOfFile()
        gunzip.waitUntilExit()
        XCTAssertEqual(gunzip.terminationStatus, 0)
        XCTAssertEqual(decompressed, try Data(contentsOf: URL(fileURLWithPath: directory + "/plain.tsv")))
        XCTAssertEqual(filesIn(directory), ["packed.tsv.gz", "plain.tsv", "sample.h5"])
    }

    func testExportWithoutLabelColumnWritesNA() throws {
        let directory = try makeTemporaryDirectory(for: self)
        var unlabelled = metadata
        unlabelled.labelColumns = []
        let writer = try TokenizedDatasetWriter(path: directory + "/plain.h5", metadata: unlabelled)
        writer.addCell(id: "x", labels: [], sourceFile: 0, tokens: [5, 6])
        try writer.finish()
        try TokenizedDatasetExport.writeTSV(TokenizedDataset(path: directory + "/plain.h5"), to: directory + "/plain.tsv")
        XCTAssertEqual(try String(contentsOfFile: directory + "/plain.tsv", encoding: .utf8),
                       "cell_id\tlabel\tinput_ids\nx\tNA\t5 6\n")
    }

    func testDiscardedWriterLeavesNoFile() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let writer = try TokenizedDatasetWriter(path: directory + "/never.h5", metadata: metadata)
        writer.addCell(id: "c1", labels: ["T", "d"], sourceFile: 0, tokens: [1])
        try writer.flush()
        XCTAssertEqual(filesIn(directory).count, 1, "the temporary file exists while writing")
        writer.discard()
        XCTAssertEqual(filesIn(directory), [])
    }

    func testNonDatasetFileIsRejected() throws {
        XCTAssertThrowsError(try TokenizedDataset(path: ReferenceFiles.path("pbmc68k/pbmc68k_counts.h5ad"))) { error in
            XCTAssertTrue("\(error)".contains("smithy-tokenized-cells"), "\(error)")
        }
    }
}

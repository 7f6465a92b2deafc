import XCTest
@testable import SingleCell

/// The exported tokens must equal Geneformer's reference tokens byte for byte.
final class ReferenceTokenTests: XCTestCase {
    private func assertMatchesReference(_ input: String, version: GeneformerModelVersion, labels: [String],
                                        reference: String, chunkSize: Int = 1000,
                                        file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = try makeTemporaryDirectory(for: self)
        let (dataset, summary) = try rankEncode([ReferenceFiles.path(input)], version: version, in: directory,
                                                labels: labels, chunkSize: chunkSize)
        let tsv = directory + "/tokens.tsv"
        try TokenizedDatasetExport.writeTSV(TokenizedDataset(path: dataset), to: tsv)
        let expected = try String(contentsOfFile: ReferenceFiles.path(reference), encoding: .utf8)
        let actual = try String(contentsOfFile: tsv, encoding: .utf8)
        XCTAssertEqual(summary.cellsKept, expected.split(separator: "\n").count - 1, file: file, line: line)
        XCTAssertTrue(actual == expected, "\(input) \(version) differs from \(reference)", file: file, line: line)
        if actual != expected {
            let pairs = zip(actual.split(separator: "\n"), expected.split(separator: "\n"))
            if let (mine, theirs) = pairs.first(where: { $0 != $1 }) {
                XCTFail("first differing line:\n mine:   \(mine.prefix(200))\n theirs: \(theirs.prefix(200))", file: file, line: line)
            }
        }
    }

    func testAnnDataV2() throws {
        try assertMatchesReference("pbmc68k/pbmc68k_counts.h5ad", version: .v2, labels: ["cell_type"],
                                   reference: "pbmc68k/pbmc68k_tokens_V2_gc104M.tsv")
    }

    func testAnnDataV1() throws {
        try assertMatchesReference("pbmc68k/pbmc68k_counts.h5ad", version: .v1, labels: ["cell_type"],
                                   reference: "pbmc68k/pbmc68k_tokens_V1_gc30M.tsv")
    }

    func testLoomV2() throws {
        try assertMatchesReference("pbmc68k/pbmc68k_counts.loom", version: .v2, labels: ["cell_type"],
                                   reference: "pbmc68k/pbmc68k_tokens_V2_gc104M.tsv")
    }

    func testLoomV1() throws {
        try assertMatchesReference("pbmc68k/pbmc68k_counts.loom", version: .v1, labels: ["cell_type"],
                                   reference: "pbmc68k/pbmc68k_tokens_V1_gc30M.tsv")
    }

    func testTenXV3V2() throws {
        try assertMatchesReference("format-samples/10x_v3_GRCh38_chr21_filtered_feature_bc_matrix.h5", version: .v2,
                                   labels: [], reference: "format-samples/10x_v3_GRCh38_chr21_tokens_V2_gc104M.tsv")
    }

    /// Chunked reading must not change a single token, whatever the chunk size.
    func testChunkSizesGiveIdenticalTokens() throws {
        for chunkSize in [1, 7, 100_000] {
            try assertMatchesReference("pbmc68k/pbmc68k_counts.h5ad", version: .v2, labels: ["cell_type"],
                                       reference: "pbmc68k/pbmc68k_tokens_V2_gc104M.tsv", chunkSize: chunkSize)
            try assertMatchesReference("pbmc68k/pbmc68k_counts.loom", version: .v1, labels: ["cell_type"],
                                       reference: "pbmc68k/pbmc68k_tokens_V1_gc30M.tsv", chunkSize: chunkSize)
        }
    }
}

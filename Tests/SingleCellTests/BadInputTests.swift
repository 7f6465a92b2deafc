import XCTest
@testable import SingleCell

/// Every bad input gives an error naming the file and place, and leaves no output behind.
final class BadInputTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(for: self)
    }

    /// Runs rank encoding on `input`, expects an error mentioning every string in `mentions`,
    /// and checks that the folder holds nothing but `expectedFiles`.
    private func assertFails(_ input: String, mentions: [String], labels: [String] = [],
                             configure: (inout RankEncodingOptions) -> Void = { _ in },
                             file: StaticString = #filePath, line: UInt = #line) {
        let before = filesIn(directory)
        XCTAssertThrowsError(try rankEncode([input], version: .v2, in: directory, labels: labels, configure: configure),
                             file: file, line: line) { error in
            XCTAssertTrue(error is SingleCellError, "\(type(of: error))", file: file, line: line)
            for text in mentions {
                XCTAssertTrue("\(error)".contains(text), "'\(error)' does not mention '\(text)'", file: file, line: line)
            }
        }
        XCTAssertEqual(filesIn(directory), before, "partial output left behind", file: file, line: line)
    }

    private func tinyFile(_ name: String, cells: [[(gene: Int32, count: Double)]], geneIDs: [String] = TinyAnnData.geneIDs(3),
                          columns: [(name: String, values: CellColumn)]? = nil) throws -> String {
        let path = directory + "/" + name
        let totals = cells.map { $0.reduce(0) { $0 + $1.count } }
        try TinyAnnData.write(path, geneIDs: geneIDs, cells: cells, columns: columns ?? [("n_counts", .numbers(totals))])
        return path
    }

    func testMissingFile() {
        assertFails(directory + "/absent.h5ad", mentions: ["absent.h5ad", "does not exist"])
    }

    func testTruncatedFile() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: ReferenceFiles.path("pbmc68k/pbmc68k_counts.h5ad")))
        let truncated = directory + "/truncated.h5ad"
        try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: truncated))
        assertFails(truncated, mentions: ["truncated.h5ad"])
    }

    func testMatrixOfUnexpectedType() throws {
        let path = directory + "/strings.h5ad"
        do {
            let root = try HDF5File(creating: path).rootGroup()
            for name in ["obs", "var"] { try root.createGroup(name).setAttribute("_index", string: "_index") }
            let type = HDF5StringCodec.makeVariableLengthUTF8Type()
            try HDF5Dataset(creatingIn: root, name: "X", elementType: type, chunkLength: 4).append(strings: ["a", "b"])
        }
        assertFails(path, mentions: ["strings.h5ad", "/X", "expected a 2-D numeric matrix"])
    }

    func testNoGeneIDColumn() throws {
        let path = try tinyFile("genes.h5ad", cells: [[(0, 1)]])
        assertFails(path, mentions: ["genes.h5ad", "/var/gene_ids", "expected a gene-ID column"]) { $0.geneColumn = "gene_ids" }
    }

    func testNoGeneMatchesTheDictionary() throws {
        let path = try tinyFile("mouse.h5ad", cells: [[(0, 1)]], geneIDs: ["ENSMUSG00000000001", "ENSMUSG00000000028", "ENSMUSG00000000031"])
        assertFails(path, mentions: ["mouse.h5ad", "ensembl_id", "no gene matches"])
    }

    func testNegativeCounts() throws {
        let path = try tinyFile("negative.h5ad", cells: [[(0, 2)], [(1, -3)]])
        assertFails(path, mentions: ["negative.h5ad", "cell 1", "non-negative", "-3"])
    }

    func testNaNCounts() throws {
        let path = try tinyFile("nan.h5ad", cells: [[(0, .nan)]], columns: [("n_counts", .numbers([5]))])
        assertFails(path, mentions: ["nan.h5ad", "cell 0", "nan"])
    }

    func testMissingLabelColumn() throws {
        assertFails(ReferenceFiles.path("pbmc68k/pbmc68k_counts.h5ad"), mentions: ["pbmc68k_counts.h5ad", "'cell_kind'", "cell_type"],
                    labels: ["cell_kind"])
    }

    func testNonIntegerCountsWarnButEncode() throws {
        let path = try tinyFile("fractional.h5ad", cells: [[(0, 1.5), (1, 2)]])
        var warnings: [String] = []
        let (_, summary) = try rankEncode([path], version: .v2, in: directory, warnings: &warnings)
        XCTAssertEqual(summary.cellsKept, 1)
        XCTAssertEqual(summary.nonIntegerCounts, 1)
        XCTAssertTrue(warnings.contains { $0.contains("not integers") }, "\(warnings)")
    }

    func testVersionSuffixesWarnAndCanBeStripped() throws {
        let ids = TinyAnnData.geneIDs(3)
        let path = try tinyFile("versioned.h5ad", cells: [[(0, 1), (1, 2), (2, 3)]], geneIDs: [ids[0], ids[1] + ".7", ids[2] + ".12"])
        var warnings: [String] = []
        let (_, plain) = try rankEncode([path], version: .v2, in: directory, name: "plain", warnings: &warnings)
        XCTAssertEqual(plain.genesMatched, 1)
        XCTAssertTrue(warnings.contains { $0.contains("--strip-version-suffix") }, "\(warnings)")
        let (_, stripped) = try rankEncode([path], version: .v2, in: directory, name: "stripped") { $0.stripVersionSuffix = true }
        XCTAssertEqual(stripped.genesMatched, 3)
    }

    func testMissingTotalCountsAreComputedWithAWarning() throws {
        let path = try tinyFile("no_totals.h5ad", cells: [[(0, 1), (1, 3)]], columns: [])
        var warnings: [String] = []
        let (output, _) = try rankEncode([path], version: .v2, in: directory, warnings: &warnings)
        XCTAssertTrue(warnings.contains { $0.contains("n_counts") }, "\(warnings)")
        XCTAssertEqual(try TokenizedDataset(path: output).cellCount, 1)
    }
}

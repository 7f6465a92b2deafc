import XCTest
@testable import SingleCell

final class FormatReaderTests: XCTestCase {
    private let tenXv2 = ReferenceFiles.path("format-samples/10x_v2_hg19_chr21_filtered_gene_bc_matrices_h5.h5")
    private let tenXv3 = ReferenceFiles.path("format-samples/10x_v3_GRCh38_chr21_filtered_feature_bc_matrix.h5")
    private let annData = ReferenceFiles.path("pbmc68k/pbmc68k_counts.h5ad")
    private let loom = ReferenceFiles.path("pbmc68k/pbmc68k_counts.loom")

    func testTenXVersion2ReadsShapeSymbolsBarcodesAndCounts() throws {
        let source = try CellMatrixSourceOpening.open(tenXv2)
        XCTAssertTrue(source is TenXSource)
        XCTAssertEqual(source.formatName, "10x CellRanger v2")
        XCTAssertEqual(source.cellCount, 12)
        XCTAssertEqual(source.geneCount, 343)
        XCTAssertEqual(Array(try source.geneColumn(nil).prefix(3)), ["DSCAM", "MIR99AHG", "APP"])
        XCTAssertEqual(Array(try source.geneColumn("gene_names").prefix(3)), ["DSCAM", "MIR99AHG", "APP"])
        XCTAssertEqual(Array(try source.cellIDs().prefix(2)), ["AACACGTGTACGCTGC-1", "AAGGAGCTCCGATATG-1"])
        var rows = CellRows()
        try source.readCells(0..<12, into: &rows)
        XCTAssertEqual(rows.rowStarts, Array(0...12))
        XCTAssertEqual(rows.geneIndices, [200, 122, 282, 317, 174, 11, 131, 196, 221, 235, 316, 126])
        XCTAssertEqual(rows.counts, Array(repeating: 1, count: 12))
    }

    /// Each v2 cell holds one gene symbol; V2 maps symbols, so each kept cell is <cls> gene <eos>.
    func testTenXVersion2SymbolsAreEncodedThroughTheMapping() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let (path, summary) = try rankEncode([tenXv2], version: .v2, in: directory)
        let source = try CellMatrixSourceOpening.open(tenXv2)
        let symbols = try source.geneColumn(nil)
        var rows = CellRows()
        try source.readCells(0..<12, into: &rows)
        let dictionaries = SharedDictionaries.v2
        let expected: [[Int32]] = rows.geneIndices.compactMap { gene in
            dictionaries.ensemblMapping[symbols[Int(gene)].uppercased()].map { [2, dictionaries.tokenIDs[$0]!, 3] }
        }
        XCTAssertEqual(summary.cellsRead, 12)
        XCTAssertEqual(summary.cellsKept, expected.count)
        XCTAssertEqual(summary.emptyCellsDropped, 12 - expected.count)
        XCTAssertEqual(try TokenizedDataset(path: path).tokens(0..<expected.count), expected)
    }

    func testTenXVersion3UsesFeatureIDs() throws {
        let source = try CellMatrixSourceOpening.open(tenXv3)
        XCTAssertEqual(source.formatName, "10x CellRanger v3")
        XCTAssertEqual(source.cellCount, 1107)
        XCTAssertEqual(source.geneCount, 507)
        XCTAssertTrue(try source.geneColumn(nil).allSatisfy { $0.hasPrefix("ENSG") })
    }

    func testAnnDataFramesDecodeCategoriesAndNumbers() throws {
        let source = try CellMatrixSourceOpening.open(annData)
        XCTAssertEqual(source.formatName, "AnnData (CSR)")
        XCTAssertEqual(source.cellCount, 558)
        XCTAssertEqual(source.geneCount, 765)
        XCTAssertEqual(Array(try source.cellIDs().prefix(2)), ["AAAGCCTGGCTAAC-1", "AAATTCGATGCACA-1"])
        XCTAssertEqual(try source.cellColumn("cell_type")?.strings.first, "CD14+ Monocyte")
        guard case .numbers(let totals)? = try source.cellColumn("n_counts") else { return XCTFail("n_counts is not numeric") }
        XCTAssertEqual(Array(totals.prefix(2)), [2557, 2695])
        XCTAssertEqual(Array(try source.geneColumn("gene_symbol").prefix(3)), ["HES4", "TNFRSF4", "SSU72"])
        XCTAssertNil(try source.cellColumn("no_such_column"))
        var rows = CellRows()
        try source.readCells(0..<2, into: &rows)
        XCTAssertEqual(rows.rowStarts, [0, 217, 448])
        XCTAssertEqual(Array(rows.geneIndices.prefix(5)), [3, 4, 6, 7, 8])
        XCTAssertEqual(Array(rows.counts.prefix(5)), [1, 1, 1, 2, 3])
    }

    /// The loom file holds the same matrix as the .h5ad, transposed and dense.
    func testLoomMatchesAnnDataCellForCell() throws {
        let dense = try CellMatrixSourceOpening.open(loom)
        let sparse = try CellMatrixSourceOpening.open(annData)
        XCTAssertEqual(dense.formatName, "Loom")
        XCTAssertEqual(try dense.cellIDs(), try sparse.cellIDs())
        XCTAssertEqual(try dense.geneColumn(nil), try sparse.geneColumn(nil))
        var fromLoom = CellRows(), fromAnnData = CellRows()
        try dense.readCells(100..<140, into: &fromLoom)
        try sparse.readCells(100..<140, into: &fromAnnData)
        XCTAssertEqual(fromLoom.rowStarts, fromAnnData.rowStarts)
        XCTAssertEqual(fromLoom.geneIndices, fromAnnData.geneIndices)
        XCTAssertEqual(fromLoom.counts, fromAnnData.counts)
        XCTAssertEqual(fromLoom.firstCell, 100)
    }
}

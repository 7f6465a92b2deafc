import XCTest
@testable import SingleCell

/// Geneformer's rules that the reference files do not exercise: ID collapsing, filter_pass, truncation.
final class TokenizationRuleTests: XCTestCase {
    private let tp53 = "ENSG00000141510"

    /// A symbol and its own Ensembl ID map to one gene: Geneformer sums them into one column.
    func testGenesMappingToOneIDAreSummed() throws {
        let plan = GeneTokenPlan(geneIDs: ["TP53", "ENSG00000000003", tp53], dictionaries: SharedDictionaries.v2)
        XCTAssertTrue(plan.sumsDuplicates)
        XCTAssertEqual(plan.columnOfGene, [1, 0, 1], "non-duplicated genes first, then the summed ones")
        XCTAssertEqual(plan.tokenOfColumn, [4, 8014])
    }

    /// Identical input IDs are not summed (|set(A)| == |set(B)| in Geneformer): each keeps its column.
    func testIdenticalIDsKeepSeparateColumns() throws {
        let plan = GeneTokenPlan(geneIDs: [tp53, tp53, "NOT_A_GENE"], dictionaries: SharedDictionaries.v2)
        XCTAssertFalse(plan.sumsDuplicates)
        XCTAssertEqual(plan.columnOfGene, [0, 1, -1])
        XCTAssertEqual(plan.matchedGeneCount, 2)
    }

    func testSummedCountsAndRankOrder() throws {
        let dictionaries = SharedDictionaries.v2
        let plan = GeneTokenPlan(geneIDs: ["TP53", "ENSG00000000003", tp53], dictionaries: dictionaries)
        var encoder = RankEncoder(plan: plan, dictionaries: dictionaries)
        var tokens: [Int32] = []
        let genes: [Int32] = [0, 1, 2], counts: [Double] = [1, 2, 2]
        let length = genes.withUnsafeBufferPointer { genes in
            counts.withUnsafeBufferPointer { encoder.encode(genes: genes, counts: $0, totalCount: 100, into: &tokens) }
        }
        let tp53Value = 3.0 / 100 * 10_000 / dictionaries.medians[tp53]!
        let otherValue = 2.0 / 100 * 10_000 / dictionaries.medians["ENSG00000000003"]!
        XCTAssertEqual(length, 4)
        XCTAssertEqual(tokens, tp53Value > otherValue ? [2, 8014, 4, 3] : [2, 4, 8014, 3])
    }

    /// Three genes share one median in the V2 dictionary, so equal counts give exactly equal values.
    func testTiesAreBrokenByColumnOrder() throws {
        let dictionaries = SharedDictionaries.v2
        let ids = ["ENSG00000258002", "ENSG00000293543", "ENSG00000257215"]
        XCTAssertEqual(Set(ids.map { dictionaries.medians[$0]! }).count, 1)
        let plan = GeneTokenPlan(geneIDs: ids, dictionaries: dictionaries)
        var encoder = RankEncoder(plan: plan, dictionaries: dictionaries)
        var tokens: [Int32] = []
        let genes: [Int32] = [2, 0, 1], counts: [Double] = [7, 7, 7]
        _ = genes.withUnsafeBufferPointer { genes in
            counts.withUnsafeBufferPointer { encoder.encode(genes: genes, counts: $0, totalCount: 1000, into: &tokens) }
        }
        XCTAssertEqual(tokens, [2] + ids.map { dictionaries.tokenIDs[$0]! } + [3])
    }

    func testTruncationKeepsTheHighestRankedGenes() throws {
        let dictionaries = SharedDictionaries.v1
        let ids = TinyAnnData.geneIDs(50).filter { dictionaries.tokenIDs[$0] != nil }
        let plan = GeneTokenPlan(geneIDs: ids, dictionaries: dictionaries)
        var encoder = RankEncoder(plan: plan, dictionaries: dictionaries, maximumLength: 5)
        var tokens: [Int32] = []
        let genes = (0..<Int32(ids.count)).map { $0 }
        let counts = ids.indices.map { Double($0 + 1) * 1e6 * dictionaries.medians[ids[$0]]! }
        _ = genes.withUnsafeBufferPointer { genes in
            counts.withUnsafeBufferPointer { encoder.encode(genes: genes, counts: $0, totalCount: 1e9, into: &tokens) }
        }
        XCTAssertEqual(tokens, ids.suffix(5).reversed().map { dictionaries.tokenIDs[$0]! }, "V1: no special tokens")
    }

    func testFilterPassAndEmptyCells() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/filtered.h5ad"
        try TinyAnnData.write(path, geneIDs: TinyAnnData.geneIDs(3), cells: [[(0, 1)], [(1, 2)], [], [(2, 4)]],
                              columns: [("n_counts", .numbers([10, 10, 10, 10])), ("filter_pass", .numbers([1, 0, 1, 1]))])
        let (output, summary) = try rankEncode([path], version: .v2, in: directory)
        XCTAssertEqual(summary.cellsRead, 4)
        XCTAssertEqual(summary.cellsFilteredOut, 1)
        XCTAssertEqual(summary.emptyCellsDropped, 1)
        XCTAssertEqual(summary.cellsKept, 2)
        XCTAssertEqual(try TokenizedDataset(path: output).column("cell_id", 0..<2), ["cell0", "cell3"])
    }
}

import XCTest
import SmithyText

/// Behaviour around the sacreBLEU port that the fixtures do not cover: argument errors and the CLI text.
final class BLEUTests: XCTestCase {
    func testMisalignedOrMissingInputIsAnError() {
        let bleu = BLEU()
        XCTAssertThrowsError(try bleu.corpusScore(hypotheses: ["a", "b"], references: [["a", "b"], ["a"]])) {
            XCTAssertEqual($0 as? BLEU.InputError, .referenceLineCount(stream: 1, lines: 1, hypotheses: 2))
        }
        XCTAssertThrowsError(try bleu.corpusScore(hypotheses: [], references: [[]])) {
            XCTAssertEqual($0 as? BLEU.InputError, .noHypotheses)
        }
        XCTAssertThrowsError(try bleu.corpusScore(hypotheses: ["a"], references: [])) {
            XCTAssertEqual($0 as? BLEU.InputError, .noReferences)
        }
    }

    func testPerfectMatchScoresOneHundredWithSacreBLEUText() throws {
        let bleu = BLEU()
        let score = try bleu.corpusScore(hypotheses: ["The cat sat on the mat."],
                                         references: [["The cat sat on the mat."]])
        XCTAssertEqual(score.score, 100, accuracy: 1e-12)
        XCTAssertEqual(score.counts, [7, 6, 5, 4])
        XCTAssertEqual(score.formatted(signature: bleu.signature(referenceCount: 1), width: 2),
                       "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 100.00 "
                       + "100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)")
        XCTAssertEqual(score.formattedScore(), "100.0")
    }

    func testSmoothingNamesParseLikeSacreBLEU() {
        XCTAssertEqual(BLEUSmoothing(method: "floor"), .floor(0.1))
        XCTAssertEqual(BLEUSmoothing(method: "add-k", value: 2)?.signature, "add-k[2.00]")
        XCTAssertNil(BLEUSmoothing(method: "laplace"))
    }
}

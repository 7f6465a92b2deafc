import Foundation
import XCTest
import SmithyText

/// Every case of `reference/bleu/bleu_fixtures.json` (made by the real sacreBLEU) must be reproduced exactly.
final class BLEUFixtureTests: XCTestCase {
    struct Fixture: Decodable {
        let sacrebleu_version: String
        let cases: [Case]
    }

    struct Case: Decodable {
        struct Options: Decodable {
            let tokenize: String
            let lowercase: Bool
            let smooth_method: String
            let smooth_value: Double?
            let effective_order: Bool
        }

        struct Expected: Decodable {
            let score: Double
            let counts: [Int]
            let totals: [Int]
            let precisions: [Double]
            let bp: Double
            let sys_len: Int
            let ref_len: Int
            let signature: String
            let formatted: String
        }

        let name: String
        let hypotheses: [String]
        let references: [[String]]
        let options: Options
        let expected: Expected
    }

    static func loadFixture() throws -> Fixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: ReferenceData.path("bleu/bleu_fixtures.json")))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    func assertClose(_ actual: Double, _ expected: Double, _ message: String, file: StaticString = #filePath,
                     line: UInt = #line) {
        let tolerance = 1e-9 * max(abs(expected), 1e-300)
        XCTAssert(abs(actual - expected) <= tolerance, "\(message): \(actual) != \(expected)", file: file, line: line)
    }

    func testEveryFixtureCaseMatchesSacreBLEU() throws {
        let fixture = try Self.loadFixture()
        XCTAssertEqual(fixture.sacrebleu_version, BLEU.sacreBLEUVersion)
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 100)
        var passed = 0
        for fixtureCase in fixture.cases {
            let options = fixtureCase.options
            let tokenizer = try XCTUnwrap(BLEUTokenizer(rawValue: options.tokenize), fixtureCase.name)
            let smoothing = try XCTUnwrap(BLEUSmoothing(method: options.smooth_method, value: options.smooth_value),
                                          fixtureCase.name)
            let bleu = BLEU(tokenizer: tokenizer, lowercase: options.lowercase, smoothing: smoothing,
                            effectiveOrder: options.effective_order)
            let score = try bleu.corpusScore(hypotheses: fixtureCase.hypotheses, references: fixtureCase.references)
            let expected = fixtureCase.expected
            let name = fixtureCase.name
            XCTAssertEqual(score.counts, expected.counts, "\(name) counts")
            XCTAssertEqual(score.totals, expected.totals, "\(name) totals")
            XCTAssertEqual(score.sysLen, expected.sys_len, "\(name) sys_len")
            XCTAssertEqual(score.refLen, expected.ref_len, "\(name) ref_len")
            assertClose(score.score, expected.score, "\(name) score")
            assertClose(score.bp, expected.bp, "\(name) bp")
            XCTAssertEqual(score.precisions.count, expected.precisions.count, "\(name) precisions")
            for (actual, wanted) in zip(score.precisions, expected.precisions) {
                assertClose(actual, wanted, "\(name) precision")
            }
            let signature = bleu.signature(referenceCount: fixtureCase.references.count)
            XCTAssertEqual(signature, expected.signature, "\(name) signature")
            XCTAssertEqual(score.formatted(signature: signature), expected.formatted, "\(name) formatted")
            if score.counts == expected.counts && score.totals == expected.totals
                && abs(score.score - expected.score) <= 1e-9 * max(abs(expected.score), 1e-300) {
                passed += 1
            }
        }
        print("BLEU fixture cases identical to sacreBLEU \(fixture.sacrebleu_version): \(passed)/\(fixture.cases.count)")
    }
}

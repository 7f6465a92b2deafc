import SmithyPipeline
import XCTest

final class TOMLCodableTests: XCTestCase {
    private struct Inner: Codable, Equatable {
        var base: Double
        var name: String
    }

    private struct Settings: Codable, Equatable {
        var modelDimension: Int
        var paddingTokenID: Int?
        var useBias: Bool
        var inner: Inner?
    }

    private let defaults = Settings(modelDimension: 8, paddingTokenID: 0, useBias: true, inner: nil)
    private let template = Settings(modelDimension: 8, paddingTokenID: 0, useBias: true, inner: Inner(base: 1, name: "x"))

    func testOverlayKeepsUnsetKeysAndFillsSubTablesFromTheTemplate() throws {
        let table = try TOMLParser.parse("model_dimension = 16\npadding_token_id = 3\n[inner]\nbase = 2.5", file: "s.toml")
        let settings = try TOMLCodable.overlay(table, on: defaults, template: template, file: "s.toml", location: "model")
        XCTAssertEqual(settings, Settings(modelDimension: 16, paddingTokenID: 3, useBias: true, inner: Inner(base: 2.5, name: "x")))
        let text = try TOMLCodable.render(settings, header: "model")
        let reread = try TOMLCodable.overlay(try TOMLParser.parse(text, file: "r.toml")["model"]!.table!, on: defaults, template: template,
                                             file: "r.toml", location: "model")
        XCTAssertEqual(reread, settings)
    }

    func testUnknownKeysAndWrongTypesNameTheKeyAndFile() throws {
        for (text, fragment) in [("model_dimensions = 1", "model.model_dimensions"), ("use_bias = 1", "model.use_bias"),
                                 ("[inner]\nbas = 1.0", "model.inner.bas"), ("inner = 3", "model.inner")] {
            let table = try TOMLParser.parse(text, file: "s.toml")
            XCTAssertThrowsError(try TOMLCodable.overlay(table, on: defaults, template: template, file: "s.toml", location: "model")) { error in
                XCTAssertTrue("\(error)".contains(fragment) && "\(error)".contains("s.toml"), "\(error)")
            }
        }
    }

    func testSnakeCase() {
        XCTAssertEqual(TOMLCodable.snakeCase("modelDimension"), "model_dimension")
        XCTAssertEqual(TOMLCodable.snakeCase("paddingTokenID"), "padding_token_id")
        XCTAssertEqual(TOMLCodable.snakeCase("t5Bias"), "t5_bias")
    }
}

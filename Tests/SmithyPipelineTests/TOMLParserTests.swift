import SmithyPipeline
import XCTest

final class TOMLParserTests: XCTestCase {
    func testParsesTheSubsetPipelinesUse() throws {
        let text = """
        # comment
        title = "demo"   # trailing comment
        count = 1_000
        rate = 2.5e-3
        on = true
        names = ["a", 'b\\c', "d\\"e\\u00e9",]
        nested = [[1, 2], [3]]
        point = { x = 1, y = -2.0 }
        dotted.key = "v"

        [table.sub]
        value = -7

        [[stage]]
        name = "one"
        [stage.options]
        flag = false

        [[stage]]
        name = "two"
        [stage.options]
        flag = true
        """
        let document = try TOMLParser.parse(text, file: "test.toml")
        XCTAssertEqual(document.keys, ["title", "count", "rate", "on", "names", "nested", "point", "dotted", "table", "stage"])
        XCTAssertEqual(document["title"], .string("demo"))
        XCTAssertEqual(document["count"], .integer(1000))
        XCTAssertEqual(document["rate"]?.number, 2.5e-3)
        XCTAssertEqual(document["on"], .boolean(true))
        XCTAssertEqual(document["names"]?.array?.compactMap(\.string), ["a", "b\\c", "d\"eé"])
        XCTAssertEqual(document["nested"]?.array?.count, 2)
        XCTAssertEqual(document["point"]?.table?["y"]?.number, -2.0)
        XCTAssertEqual(document["dotted"]?.table?["key"], .string("v"))
        XCTAssertEqual(document["table"]?.table?["sub"]?.table?["value"], .integer(-7))
        let stages = try XCTUnwrap(document["stage"]?.array)
        XCTAssertEqual(stages.compactMap { $0.table?["name"]?.string }, ["one", "two"])
        XCTAssertEqual(stages[0].table?["options"]?.table?["flag"], .boolean(false))
        XCTAssertEqual(stages[1].table?["options"]?.table?["flag"], .boolean(true), "each element has its own sub-table")
    }

    func testErrorsNameTheFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("a = 1\nb = \"unterminated\n", 2, "unterminated string"),
            ("a = 1\na = 2\n", 2, "defined twice"),
            ("[t]\n[t]\n", 2, "defined twice"),
            ("x = 1979-05-27\n", 1, "not a valid value"),
            ("x = [1, 2\n", 2, "expected ',' or ']'"),
            ("x 1\n", 1, "expected '='"),
            ("x = 1 y\n", 1, "end of the line"),
        ]
        for (text, line, fragment) in cases {
            XCTAssertThrowsError(try TOMLParser.parse(text, file: "bad.toml"), text) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix("bad.toml:\(line):"), "\(text) → \(message)")
                XCTAssertTrue(message.contains(fragment), "\(text) → \(message)")
            }
        }
    }
}

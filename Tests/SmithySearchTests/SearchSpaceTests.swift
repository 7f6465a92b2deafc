import Foundation
import SmithyPipeline
import SmithySearch
import XCTest

final class SearchSpaceTests: XCTestCase {
    func testParsesEveryParameterKind() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        XCTAssertEqual(space.pipeline, .translation)
        XCTAssertEqual(space.objective.name, "valid_loss")
        XCTAssertFalse(space.objective.maximize)
        XCTAssertEqual(space.startupTrials, 4)
        XCTAssertEqual(space.parameters.map(\.name), ["x", "rate", "width", "kind", "flag"])
        XCTAssertEqual(space.parameters[1].domain, .float(low: 1e-4, high: 1, step: nil, logScale: true))
        XCTAssertEqual(space.parameters[2].domain, .integer(low: 1, high: 16, step: 1, logScale: false))
        XCTAssertEqual(space.parameters[4].condition, ParameterCondition(parent: "kind", values: [.string("c"), .string("d")]))
    }

    func testConditionalParameterExistsOnlyWhenItsConditionHolds() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let withA = space.assign { parameter, _ in parameter.domain.value(atUnit: 0) }
        XCTAssertEqual(withA["kind"], .string("a"))
        XCTAssertNil(withA["flag"])
        let withD = space.assign { parameter, _ in parameter.domain.value(atUnit: 0.99) }
        XCTAssertEqual(withD["flag"], .boolean(true))
        let merged = space.configuration(TOMLTable(), with: withD)
        XCTAssertEqual(merged["model"]?.table?["kind"], .string("d"))
        XCTAssertEqual(merged["training"]?.table?["rate"]?.number ?? 0, pow(1e-4, 0.01), accuracy: 1e-9, "log-uniform: 1e-4 · (1 / 1e-4)^0.99")
    }

    func testBadParametersAreErrorsNamingTheFileParameterAndExpectation() {
        let cases: [(String, String)] = [
            ("[parameters.d]\noption = \"model.dropout\"\ntype = \"float\"\nlow = 0.3\nhigh = 0.1", "low 0.3 must be less than high 0.1"),
            ("[parameters.d]\noption = \"model.dropout\"\ntype = \"float\"\nlow = 0.2\nhigh = 0.2", "empty or contradictory range"),
            ("[parameters.lr]\noption = \"training.learning_rate_factor\"\ntype = \"float\"\nlow = 0.0\nhigh = 1.0\nlog = true", "log-scale range needs low > 0"),
            ("[parameters.a]\noption = \"model.activation\"\ntype = \"categorical\"\nchoices = []", "empty: a categorical parameter needs at least one choice"),
            ("[parameters.a]\noption = \"model.activation\"\ntype = \"categorical\"\nchoices = [\"relu\"]\ncondition = { parameter = \"ghost\", equals = true }",
             "no parameter 'ghost' is declared"),
            ("[parameters.r]\noption = \"model.positional.rotary\"\ntype = \"bool\"\n[parameters.a]\noption = \"model.activation\"\ntype = \"categorical\"\nchoices = [\"relu\"]\ncondition = { parameter = \"r\", equals = \"yes\" }",
             "\"yes\" is not a value of parameter 'r'"),
            ("[parameters.a]\noption = \"model.activation\"\ntype = \"string\"", "expected \"bool\", \"categorical\", \"int\" or \"float\""),
            ("[parameters.a]\ntype = \"bool\"", "required: the dotted configuration key"),
        ]
        for (parameters, expected) in cases {
            XCTAssertThrowsError(try SearchSpace(text: SearchFixtures.translationSpace(parameters), file: "bad.toml"), expected) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("bad.toml"), message)
                XCTAssertTrue(message.contains("parameters."), message)
                XCTAssertTrue(message.contains(expected), "\(message) should contain \(expected)")
            }
        }
    }

    func testObjectiveAndDirectionMustFitThePipeline() {
        let bool = "[parameters.r]\noption = \"model.positional.rotary\"\ntype = \"bool\""
        let wrongObjective = SearchFixtures.translationSpace(bool).replacingOccurrences(of: "\"valid_loss\"", with: "\"accuracy\"")
        XCTAssertThrowsError(try SearchSpace(text: wrongObjective, file: "s.toml")) { XCTAssertTrue("\($0)".contains("not an objective of the translation pipeline")) }
        let contradiction = SearchFixtures.translationSpace(bool).replacingOccurrences(of: "\"minimize\"", with: "\"maximize\"")
        XCTAssertThrowsError(try SearchSpace(text: contradiction, file: "s.toml")) { XCTAssertTrue("\($0)".contains("contradicts objective 'valid_loss'")) }
    }

    func testUnknownOptionIsCaughtBeforeAnythingIsWritten() throws {
        let spaceFile = SearchFixtures.temporaryPath("space") + ".toml"
        try SearchFixtures.translationSpace("[parameters.x]\noption = \"model.no_such_option\"\ntype = \"bool\"")
            .write(toFile: spaceFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: spaceFile) }
        let output = SearchFixtures.temporaryPath("unknown")
        let request = SearchRequest(spaceFile: spaceFile, pipeline: .translation, trials: 2, output: output)
        XCTAssertThrowsError(try request.makeSearch(executable: "/bin/false", log: { _ in })) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("parameter 'x' (option 'model.no_such_option'"), message)
            XCTAssertTrue(message.contains("unknown key"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    func testBadChoiceValueIsCaughtByThePipelineDecoder() throws {
        let spaceFile = SearchFixtures.temporaryPath("space") + ".toml"
        try SearchFixtures.translationSpace("[parameters.a]\noption = \"model.activation\"\ntype = \"categorical\"\nchoices = [\"relu\", \"wiggle\"]")
            .write(toFile: spaceFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: spaceFile) }
        let request = SearchRequest(spaceFile: spaceFile, pipeline: .translation, trials: 2, output: SearchFixtures.temporaryPath("choice"))
        XCTAssertThrowsError(try request.makeSearch(executable: "/bin/false", log: { _ in })) { error in
            XCTAssertTrue("\(error)".contains("'wiggle' is not one of"), "\(error)")
        }
    }

    func testShippedSpacesParse() throws {
        for name in ["paper-positional", "smoke-translation", "gene-classifier"] {
            let path = SearchFixtures.repository.appendingPathComponent("pipelines/search/\(name).toml").path
            XCTAssertNoThrow(try SearchSpace.load(path), name)
        }
        let paper = try SearchSpace.load(SearchFixtures.repository.appendingPathComponent("pipelines/search/paper-positional.toml").path)
        XCTAssertEqual(paper.parameters.map(\.name), ["sinusoidal", "learned", "rotary", "alibi", "activation", "dropout"])
    }
}

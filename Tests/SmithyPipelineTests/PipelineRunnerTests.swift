import Foundation
import SmithyPipeline
import XCTest

final class PipelineRunnerTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func writePipeline(epochs: Int = 3) throws -> String {
        let input = directory.appendingPathComponent("input.txt").path
        if !FileManager.default.fileExists(atPath: input) { try "data".write(toFile: input, atomically: true, encoding: .utf8) }
        let text = """
        [pipeline]
        name = "test"
        [variables]
        run = "\(directory.path)/run"
        epochs = \(epochs)
        [profiles.quick.variables]
        epochs = 1
        [[stage]]
        name = "first"
        command = ["make-a"]
        arguments = ["\(input)"]
        inputs = ["\(input)"]
        outputs = ["${run}/a.txt"]
        [stage.options]
        output = "${run}/a.txt"
        epochs = "${epochs}"
        label = ["x", "y"]
        verbose = true
        quiet = false
        [[stage]]
        name = "second"
        command = ["make-b"]
        inputs = ["${run}/a.txt"]
        outputs = ["${run}/b.txt"]
        """
        let path = directory.appendingPathComponent("pipeline.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testOptionsExpandIntoArguments() throws {
        let definition = try PipelineDefinition.load(try writePipeline())
        XCTAssertEqual(definition.stages[0].arguments,
                       ["make-a", directory.appendingPathComponent("input.txt").path,
                        "--output", "\(directory.path)/run/a.txt", "--epochs", "3", "--label", "x", "--label", "y", "--verbose"])
        let quick = try PipelineDefinition.load(try writePipeline(), profile: "quick")
        XCTAssertTrue(quick.stages[0].arguments.contains("1"))
        let overridden = try PipelineDefinition.load(try writePipeline(), overrides: ["epochs": "9"])
        XCTAssertTrue(overridden.stages[0].arguments.contains("9"))
        XCTAssertThrowsError(try PipelineDefinition.load(try writePipeline(), overrides: ["nope": "1"])) {
            XCTAssertTrue(String(describing: $0).contains("no such variable"))
        }
        XCTAssertThrowsError(try PipelineDefinition.load(try writePipeline(), profile: "slow")) {
            XCTAssertTrue(String(describing: $0).contains("no profile 'slow'"))
        }
    }

    func testSkipsUpToDateStagesAndRerunsChangedOnes() throws {
        var ran: [String] = []
        let run: (PipelineDefinition.Stage) throws -> Void = { [directory] stage in
            ran.append(stage.name)
            try FileManager.default.createDirectory(at: directory!.appendingPathComponent("run"), withIntermediateDirectories: true)
            for output in stage.outputs { try stage.name.write(toFile: output, atomically: true, encoding: .utf8) }
        }
        let path = try writePipeline()
        let silent: (String) -> Void = { _ in }
        XCTAssertEqual(try PipelineRunner(definition: .load(path)).run(log: silent, execute: run), [.ran, .ran])
        XCTAssertEqual(try PipelineRunner(definition: .load(path)).run(log: silent, execute: run), [.skipped, .skipped])
        // A changed option reruns that stage; its newer output then reruns the next one.
        Thread.sleep(forTimeInterval: 0.01)
        XCTAssertEqual(try PipelineRunner(definition: .load(path, overrides: ["epochs": "4"])).run(log: silent, execute: run), [.ran, .ran])
        XCTAssertEqual(try PipelineRunner(definition: .load(path)).run(force: true, log: silent, execute: run), [.ran, .ran])
        XCTAssertEqual(ran.count, 6)
    }

    func testFailureStopsThePipelineAndMissingOutputsAreErrors() throws {
        let definition = try PipelineDefinition.load(try writePipeline())
        struct Boom: Error {}
        var ran: [String] = []
        XCTAssertThrowsError(try PipelineRunner(definition: definition).run(log: { _ in }) { stage in
            ran.append(stage.name)
            throw Boom()
        })
        XCTAssertEqual(ran, ["first"])
        XCTAssertThrowsError(try PipelineRunner(definition: definition).run(log: { _ in }) { _ in }) {
            XCTAssertTrue(String(describing: $0).contains("without producing"))
        }
    }
}

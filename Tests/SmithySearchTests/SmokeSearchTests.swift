import Foundation
import SmithySearch
import XCTest

/// Runs the real `smithy search` on the smoke space (two trials of a tiny model, a few seconds).
/// Skipped when the `smithy` executable is not beside the test bundle (build it first).
final class SmokeSearchTests: XCTestCase {
    func testSmokeSearchEndToEnd() throws {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let smithy = products.appendingPathComponent("smithy").path
        guard FileManager.default.isExecutableFile(atPath: smithy) else { throw XCTSkip("\(smithy) is not built") }
        let output = SearchFixtures.temporaryPath("smoke")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: smithy)
        process.arguments = ["search", "--space", "pipelines/search/smoke-translation.toml", "--pipeline", "translation",
                             "--trials", "2", "--parallel", "2", "--output", output]
        process.currentDirectoryURL = SearchFixtures.repository
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let space = try SearchSpace.load(SearchFixtures.repository.appendingPathComponent("pipelines/search/smoke-translation.toml").path)
        let trials = try TrialTable.read(SearchDirectory(output).trials, space: space)
        XCTAssertEqual(trials.map(\.status), [.completed, .completed])
        XCTAssertTrue(trials.allSatisfy { ($0.objective ?? .nan).isFinite })
        for file in ["best.toml", "report.html", "trials/0000/config.toml", "trials/0001/log.txt", "trials/0001/run/metrics.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: SearchDirectory(output).file(file)), file)
        }
    }
}

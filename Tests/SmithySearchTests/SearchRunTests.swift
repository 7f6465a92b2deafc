import Foundation
import SmithyPipeline
import SmithySearch
import XCTest

final class SearchRunTests: XCTestCase {
    private func makeSearch(_ space: SearchSpace, directory: String, runner: TrialRunner, trials: Int, earlier: [TrialRecord] = []) -> ArchitectureSearch {
        let search = ArchitectureSearch(space: space, base: TOMLTable(), directory: SearchDirectory(directory), runner: runner, seed: 5,
                                        trials: trials, parallel: 2, earlier: earlier)
        search.pollInterval = 0
        search.log = { _ in }
        return search
    }

    func testTrialsCSVRoundTripsEveryStatusAndAwkwardErrors() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let records = [
            TrialRecord(index: 0, status: .completed, objective: 0.125, seconds: 3.5, epochs: 2,
                        parameters: ["x": .float(0.25), "rate": .float(0.001), "width": .integer(3), "kind": .string("c"), "flag": .boolean(true)]),
            TrialRecord(index: 1, status: .failed, seconds: 1, parameters: ["x": .float(0.5), "rate": .float(0.01), "width": .integer(1), "kind": .string("a")],
                        error: "exit status 1; a, \"quoted\" | line\nnext"),
            TrialRecord(index: 2, status: .running, parameters: ["x": .float(1), "rate": .float(1), "width": .integer(16), "kind": .string("b")]),
        ]
        let path = SearchFixtures.temporaryPath("csv") + ".csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrialTable.write(records, space: space, to: path)
        XCTAssertEqual(try TrialTable.read(path, space: space), records)
    }

    func testSearchPrunesRecordsAndResumesWithoutRepeatingFinishedTrials() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace.replacingOccurrences(of: "startup_trials = 4", with: "startup_trials = 2"),
                                    file: "space.toml")
        let directory = SearchFixtures.temporaryPath("run")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Three epochs whose values settle on the synthetic loss; NaN for one width makes that trial fail.
        let curve: (ParameterAssignment) -> [Double] = { parameters in
            let loss = SearchFixtures.syntheticLoss(parameters)
            return parameters["width"] == .integer(7) ? [1, .nan] : [loss + 1, loss + 0.5, loss]
        }
        let first = InProcessRunner(curve: curve)
        let search = makeSearch(space, directory: directory, runner: first, trials: 6)
        XCTAssertTrue(try search.run())
        XCTAssertEqual(search.trials.count, 6)
        XCTAssertEqual(first.started, Array(0..<6))
        XCTAssertTrue(search.trials.allSatisfy(\.isFinished))
        XCTAssertTrue(FileManager.default.fileExists(atPath: SearchDirectory(directory).report))
        let best = try XCTUnwrap(search.best)
        let bestText = try String(contentsOfFile: SearchDirectory(directory).best, encoding: .utf8)
        XCTAssertTrue(bestText.contains("The best trial (\(best.index))"))
        let reparsed = try TOMLParser.parse(bestText, file: "best.toml")
        XCTAssertEqual(reparsed["model"]?.table?["kind"], best.parameters["kind"])

        // Interrupted state: trial 5 was running. --resume reruns it with its parameters and adds trials 6 and 7.
        var stored = try TrialTable.read(SearchDirectory(directory).trials, space: space)
        stored[5].status = .running
        let second = InProcessRunner(curve: curve)
        let resumed = makeSearch(space, directory: directory, runner: second, trials: 8, earlier: stored)
        XCTAssertTrue(try resumed.run())
        XCTAssertEqual(second.started, [5, 6, 7])
        XCTAssertEqual(resumed.trials[5].parameters, stored[5].parameters)
        XCTAssertEqual(Array(resumed.trials.prefix(5)), Array(stored.prefix(5)))
    }

    func testMedianRuleStopsATrialInTheSearch() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace.replacingOccurrences(of: "startup_trials = 4", with: "startup_trials = 2"),
                                    file: "space.toml")
        let directory = SearchFixtures.temporaryPath("prune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Trial 2 on is far worse than the first two at every epoch.
        var calls = 0
        let runner = InProcessRunner { _ in
            calls += 1
            return calls <= 2 ? [1, 0.5, 0.25, 0.2] : [9, 8, 7, 6]
        }
        let search = ArchitectureSearch(space: space, base: TOMLTable(), directory: SearchDirectory(directory), runner: runner, seed: 1,
                                        trials: 3, parallel: 1)
        search.pollInterval = 0
        search.log = { _ in }
        XCTAssertTrue(try search.run())
        XCTAssertEqual(search.trials.map(\.status), [.completed, .completed, .pruned])
        XCTAssertEqual(search.trials[2].epochs, 1)
        XCTAssertEqual(search.trials[2].objective, 9)
    }

    func testFailedTrialsAreRecordedWithTheirError() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let directory = SearchFixtures.temporaryPath("fail")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let search = makeSearch(space, directory: directory, runner: InProcessRunner { _ in [.nan] }, trials: 2)
        XCTAssertTrue(try search.run())
        XCTAssertEqual(search.trials.map(\.status), [.failed, .failed])
        XCTAssertTrue(search.trials[0].error.contains("not finite"), search.trials[0].error)
        XCTAssertNil(search.best)
    }

    func testCrashingTrialProcessIsRecordedAsFailedWithItsLog() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let directory = SearchFixtures.temporaryPath("crash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // /bin/false stands in for a `smithy` that exits with status 1.
        let runner = ProcessTrialRunner(executable: "/bin/false", recipe: try space.pipeline.recipe(for: space), searchDirectory: directory,
                                        threads: 1, epochs: nil, objectiveColumn: space.objective.column)
        let search = ArchitectureSearch(space: space, base: TOMLTable(), directory: SearchDirectory(directory), runner: runner, seed: 1,
                                        trials: 2, parallel: 2)
        search.pollInterval = 0.02
        search.log = { _ in }
        XCTAssertTrue(try search.run())
        XCTAssertEqual(search.trials.map(\.status), [.failed, .failed])
        XCTAssertTrue(search.trials[0].error.hasPrefix("exit status 1; $ smithy translate train"), search.trials[0].error)
        XCTAssertTrue(FileManager.default.fileExists(atPath: SearchDirectory(directory).file("trials/0001/log.txt")))
    }
}

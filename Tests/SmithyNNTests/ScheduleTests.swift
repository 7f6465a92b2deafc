import SmithyTensor
import SmithyTraining
import XCTest

/// LearningRateSchedule.multiplier(at:) against the rates read off real PyTorch / transformers
/// schedulers for steps 0..<50 (base rate 1).
final class ScheduleTests: XCTestCase {
    private static let steps = 50

    func testEveryScheduleFixtureHasATest() throws {
        XCTAssertEqual(try ReferenceFixtures.caseNames(group: "schedules").sorted(),
                       ["constant", "cosine_warmup", "inverse_sqrt", "inverse_sqrt_annotated", "linear_warmup_decay"])
    }

    func testConstant() throws {
        try assertSchedule(.constant, matches: "constant")
    }

    func testLinearWarmupThenLinearDecay() throws {
        try assertSchedule(.linearWarmupDecay(warmup: 10, total: 50), matches: "linear_warmup_decay")
    }

    func testLinearWarmupThenCosineDecay() throws {
        try assertSchedule(.cosineWithWarmup(warmup: 10, total: 50), matches: "cosine_warmup")
    }

    func testInverseSquareRootCountsStepsFromOne() throws {
        try assertSchedule(.inverseSquareRoot(modelDimension: 512, warmup: 10), matches: "inverse_sqrt")
    }

    /// The Annotated Transformer's `rate()` uses `step` itself (step 0 mapped to 1), so it lags our
    /// step+1 convention by one step: equal at step 0, then annotated(s) = ours(s − 1) ≠ ours(s).
    /// The difference is deliberate; this pins it so that nobody "fixes" one into the other.
    func testAnnotatedTransformerRateIsOurScheduleDelayedByOneStep() throws {
        let fixture = try ReferenceFixtures.load("schedules", "inverse_sqrt_annotated")
        let annotated = try fixture.tensor("lr").scalars
        let schedule = LearningRateSchedule.inverseSquareRoot(modelDimension: 512, warmup: 10)
        let ours = (0..<Self.steps).map { schedule.multiplier(at: $0) }
        func close(_ a: Float, _ e: Float) -> Bool { abs(a - e) <= fixture.atol + fixture.rtol * abs(e) }

        XCTAssertEqual(annotated.count, Self.steps)
        XCTAssertTrue(close(ours[0], annotated[0]), "both conventions agree at step 0")
        for step in 1..<Self.steps {
            XCTAssertFalse(close(ours[step], annotated[step]),
                           "step \(step): ours \(ours[step]) should differ from the annotated \(annotated[step])")
            XCTAssertTrue(close(ours[step - 1], annotated[step]),
                          "step \(step): annotated \(annotated[step]) should equal ours at step \(step - 1) (\(ours[step - 1]))")
        }
    }

    private func assertSchedule(_ schedule: LearningRateSchedule, matches caseName: String,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let fixture = try ReferenceFixtures.load("schedules", caseName)
        let rates = Tensor((0..<Self.steps).map { schedule.multiplier(at: $0) }, shape: [Self.steps])
        let worst = try fixture.assertMatches(rates, "lr", file: file, line: line)
        print("[fixtures] \(fixture.name): largest |swift − torch| over \(Self.steps) steps = \(worst)")
    }
}

import SmithyNN
import SmithyTensor
import SmithyTraining
import XCTest

/// Six optimizer steps from each `optim` fixture's starting point and gradients must follow
/// torch.optim's trajectory (the Swift steps are chained, never reset to the stored values).
final class OptimizerTrajectoryTests: XCTestCase {
    private static let coveredCases = ["sgd", "sgd_momentum", "sgd_nesterov", "adam", "adam_wd", "adamw",
                                       "adam_noam", "clip_adamw"]

    func testEveryOptimFixtureHasATest() throws {
        XCTAssertEqual(try ReferenceFixtures.caseNames(group: "optim").sorted(), Self.coveredCases.sorted())
    }

    func testPlainSGD() throws {
        try followTrajectory("sgd") { SGD(parameters: $0, learningRate: 0.1) }
    }

    func testSGDWithMomentumAndWeightDecay() throws {
        try followTrajectory("sgd_momentum") { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01) }
    }

    func testSGDWithNesterovMomentum() throws {
        try followTrajectory("sgd_nesterov") { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, nesterov: true) }
    }

    func testAdam() throws {
        try followTrajectory("adam") { Adam(parameters: $0, learningRate: 1e-2) }
    }

    func testAdamWithCoupledWeightDecay() throws {
        try followTrajectory("adam_wd") { Adam(parameters: $0, learningRate: 1e-2, weightDecay: 0.01) }
    }

    func testAdamW() throws {
        try followTrajectory("adamw") { Adam.adamW(parameters: $0, learningRate: 1e-2, weightDecay: 0.1) }
    }

    func testAdamWithInverseSquareRootSchedule() throws {
        try followTrajectory("adam_noam", schedule: .inverseSquareRoot(modelDimension: 512, warmup: 10)) {
            Adam(parameters: $0, learningRate: 1, beta1: 0.9, beta2: 0.98, epsilon: 1e-9)
        }
    }

    func testGradientClippingBeforeAdamW() throws {
        try followTrajectory("clip_adamw", clipNorm: 1) {
            Adam(parameters: $0, learningRate: 1e-2, weightDecay: 0.1, decoupledWeightDecay: true)
        }
    }

    /// Runs the fixture's six steps: gradients `g{k}.*`, optional clipping (checked against
    /// `norm{k}`), the learning rate (base rate × schedule, checked against `lr{k}`), then the
    /// step, checked against `after{k}.*`.
    private func followTrajectory(_ caseName: String, schedule: LearningRateSchedule = .constant, clipNorm: Float? = nil,
                                  makeOptimizer: ([Tensor]) -> Optimizer,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let fixture = try ReferenceFixtures.load("optim", caseName)
        let names = ["p0", "p1"]
        let parameters = try names.map { name -> Tensor in
            let parameter = try fixture.tensor("init.\(name)").copy()
            parameter.requiresGrad = true
            return parameter
        }
        let optimizer = makeOptimizer(parameters)
        let baseRate = optimizer.learningRate
        var worst: Float = 0
        for k in 0..<6 {
            for (name, parameter) in zip(names, parameters) { parameter.grad = try fixture.tensor("g\(k).\(name)").copy() }
            if let clipNorm {
                let norm = clipGradientNorm(parameters, maxNorm: clipNorm)
                worst = max(worst, try fixture.assertMatches(Tensor(scalar: norm), "norm\(k)", file: file, line: line))
            }
            optimizer.learningRate = baseRate * schedule.multiplier(at: k)
            try fixture.assertMatches(Tensor(scalar: optimizer.learningRate), "lr\(k)", file: file, line: line)
            optimizer.step()
            XCTAssertEqual(optimizer.stepCount, k + 1, file: file, line: line)
            for (name, parameter) in zip(names, parameters) {
                worst = max(worst, try fixture.assertMatches(parameter, "after\(k).\(name)", file: file, line: line))
            }
        }
        print("[fixtures] \(fixture.name): largest |swift − torch| over 6 steps = \(worst)")
    }
}

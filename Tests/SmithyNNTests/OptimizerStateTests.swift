import SmithyNN
import SmithyTensor
import SmithyTraining
import XCTest

/// Optimizer behaviour the fixtures do not reach: parameters that have no gradient yet, parameters
/// that receive their first gradient after other parameters have been stepped (PyTorch keeps a
/// step count and state per parameter), state restoration, and clipping edge cases.
final class OptimizerStateTests: XCTestCase {
    func testParametersWithoutGradientAreSkippedAndKeepNoState() {
        let (early, late) = (parameter([1, 2, 3]), parameter([4, 5]))
        let adam = Adam(parameters: [early, late], learningRate: 0.1)
        early.grad = Tensor([1, 1, 1], shape: [3])
        adam.step()
        XCTAssertEqual(late.scalars, [4, 5], "no gradient: untouched")
        XCTAssertEqual(adam.stateTensors().keys.sorted(), ["exp_avg.0", "exp_avg_sq.0", "step.0"], "state (moments and step count) only for the parameter that was stepped")
    }

    /// torch.optim.SGD starts a parameter's momentum buffer at its first gradient, whenever that comes.
    func testSGDMomentumStartsAtAParametersFirstGradient() {
        let (early, late) = (parameter([0]), parameter([0]))
        let sgd = SGD(parameters: [early, late], learningRate: 0.1, momentum: 0.9)
        early.grad = Tensor([1], shape: [1])
        sgd.step()
        late.grad = Tensor([2], shape: [1])
        sgd.step()
        XCTAssertEqual(late.scalars[0], -0.1 * 2, accuracy: 1e-7, "first update of `late` is lr·g")
    }

    /// torch.optim.Adam keeps `state['step']` per parameter, so a parameter that first gets a
    /// gradient at the optimizer's second step (a layer unfrozen later, a branch unused so far)
    /// gets first-step bias correction: its update is lr·g/(|g| + ε) ≈ lr·sign(g).
    func testAdamBiasCorrectionCountsEachParametersOwnSteps() {
        let (early, late) = (parameter([0]), parameter([0]))
        let adam = Adam(parameters: [early, late], learningRate: 0.1)
        early.grad = Tensor([1], shape: [1])
        adam.step()
        late.grad = Tensor([3], shape: [1])
        adam.step()
        XCTAssertEqual(late.scalars[0], -0.1, accuracy: 1e-6,
                       "a parameter's first Adam update is −lr·sign(g) whatever the optimizer's global step")
    }

    func testRestoringStateOfTheWrongShapeThrowsNamingTheEntry() {
        let adam = Adam(parameters: [parameter([1, 2, 3])])
        XCTAssertThrowsError(try adam.restore(state: ["exp_avg.0": Tensor.zeros([4])], stepCount: 1)) { error in
            XCTAssertTrue(error is OptimizerStateError, "\(error)")
            XCTAssertTrue(String(describing: error).contains("exp_avg.0"), "\(error)")
        }
    }

    func testRestoredAdamContinuesLikeTheOriginal() throws {
        let original = parameter([0.5, -1, 2]), copy = parameter([0.5, -1, 2])
        let first = Adam(parameters: [original], learningRate: 0.01)
        for k in 1...3 {
            original.grad = Tensor([Float(k), -2, 0.5], shape: [3])
            first.step()
        }
        copy.pointer.update(from: original.pointer, count: 3)
        let second = Adam(parameters: [copy], learningRate: 0.01)
        try second.restore(state: first.stateTensors(), stepCount: first.stepCount)
        for p in [original, copy] { p.grad = Tensor([1, 1, -1], shape: [3]) }
        first.step()
        second.step()
        XCTAssertTrue(bitIdentical(original, copy))
    }

    func testClippingLeavesGradientsBelowTheLimitUnchanged() {
        let a = parameter([0, 0]), b = parameter([0])
        a.grad = Tensor([0.3, 0.4], shape: [2])
        b.grad = Tensor([1.2], shape: [1])
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 2), 1.3, accuracy: 1e-6)
        XCTAssertEqual(a.grad?.scalars, [0.3, 0.4])
        XCTAssertEqual(b.grad?.scalars, [1.2])
    }

    func testClippingIgnoresFrozenParametersAndScalesTheRestToTheLimit() {
        let trained = parameter([0, 0]), frozen = parameter([0])
        trained.grad = Tensor([3, 4], shape: [2])
        frozen.grad = Tensor([100], shape: [1])
        frozen.requiresGrad = false
        XCTAssertEqual(clipGradientNorm([trained, frozen], maxNorm: 1), 5, accuracy: 1e-6)
        XCTAssertEqual(trained.grad!.scalars[0], 0.6, accuracy: 1e-6)
        XCTAssertEqual(trained.grad!.scalars[1], 0.8, accuracy: 1e-6)
        XCTAssertEqual(frozen.grad?.scalars, [100])
    }

    private func parameter(_ values: [Float]) -> Tensor {
        Tensor(values, shape: [values.count], requiresGrad: true)
    }
}

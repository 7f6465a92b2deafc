import Foundation
import XCTest
@testable import SmithyTensor

/// Infinities, masked rows and extreme magnitudes, where PyTorch's results are well defined.
final class SpecialValueTests: XCTestCase {
    func testSoftmaxOfMaskedRowIgnoresMinusInfinity() {
        let logits = Tensor([1, -.infinity, 2, -.infinity], shape: [1, 4], requiresGrad: true)
        let probabilities = logits.softmax()
        let e = Foundation.exp(1.0)
        assertClose(actual: probabilities, expected: Tensor([Float(1 / (1 + e)), 0, Float(e / (1 + e)), 0], shape: [1, 4]),
                    atol: 1e-7, rtol: 1e-6, "softmax with -inf")
        probabilities.backward(Tensor([0.3, -1, 0.7, 2], shape: [1, 4]))
        XCTAssertEqual(logits.grad?.scalars[1], 0, "masked positions get no gradient")
        XCTAssertEqual(logits.grad?.scalars[3], 0, "masked positions get no gradient")
        XCTAssertTrue(logits.grad!.scalars.allSatisfy(\.isFinite))
    }

    func testLogSoftmaxOfMinusInfinityIsMinusInfinity() {
        let logits = Tensor([0, -.infinity, 0], shape: [3], requiresGrad: true)
        let logProbabilities = logits.logSoftmax()
        XCTAssertEqual(logProbabilities.scalars, [-Float(M_LN2), -.infinity, -Float(M_LN2)])
        logProbabilities.backward(Tensor([1, 0, 0], shape: [3]))
        XCTAssertEqual(logits.grad?.scalars, [0.5, 0, -0.5])
    }

    func testFullyMaskedSoftmaxRowIsNaNAsInPyTorch() {
        let probabilities = Tensor([-.infinity, -.infinity], shape: [1, 2]).softmax()
        XCTAssertTrue(probabilities.scalars.allSatisfy(\.isNaN))
    }

    func testSoftmaxIsStableForHugeLogits() {
        let logits = Tensor([1000, 0, -1000, 999], shape: [1, 4])
        let e = Float(Foundation.exp(-1.0))
        assertClose(actual: logits.softmax(), expected: Tensor([1 / (1 + e), 0, 0, e / (1 + e)], shape: [1, 4]),
                    atol: 1e-7, rtol: 1e-6, "softmax of huge logits")
    }

    /// PyTorch computes (x − max) − log Σ e^(x − max), which is exact to ~1 ulp of the (small) result.
    /// Adding the maximum back before subtracting costs up to ulp(max)/2: 3e-5 at logits near 1000.
    func testLogSoftmaxKeepsPrecisionForLargeLogits() {
        let values: [Float] = [1000, 999, 998.5, 990]
        let logits = Tensor(values, shape: [1, 4])
        let logTotal = Foundation.log(values.reduce(0.0) { $0 + Foundation.exp(Double($1) - 1000) })
        let expected = values.map { Float(Double($0) - 1000 - logTotal) }
        assertClose(actual: logits.logSoftmax(), expected: Tensor(expected, shape: [1, 4]), atol: 1e-6, rtol: 1e-6,
                    "log_softmax of logits near 1000")
    }

    func testCrossEntropyKeepsPrecisionForLargeLogits() {
        let logits = Tensor([1000, 0, -1000, 999], shape: [1, 4], requiresGrad: true)
        let e = Float(Foundation.exp(-1.0))
        let loss = crossEntropy(logits: logits, targets: [1])
        XCTAssertEqual(loss.item, 1000 + Float(Foundation.log1p(Foundation.exp(-1.0))), accuracy: 1e-3)
        loss.backward()
        assertClose(actual: logits.grad!, expected: Tensor([1 / (1 + e), -1, 0, e / (1 + e)], shape: [1, 4]),
                    atol: 1e-6, rtol: 1e-6, "cross-entropy gradient (softmax − one-hot) of logits near 1000")
    }

    func testExpOfMinusInfinityAndItsGradient() {
        let x = Tensor([-.infinity, 0], shape: [2], requiresGrad: true)
        let y = x.exp()
        XCTAssertEqual(y.scalars, [0, 1])
        y.backward(Tensor([5, 5], shape: [2]))
        XCTAssertEqual(x.grad?.scalars, [0, 5])
    }

    func testMaxPropagatesNaNAndPrefersTheFirstOfTies() {
        XCTAssertTrue(Tensor([1, .nan, 3], shape: [3]).max(axis: 0).item.isNaN, "max propagates NaN as PyTorch")
        let tied = Tensor([2, 5, 5], shape: [3], requiresGrad: true)
        tied.max(axis: 0).backward()
        XCTAssertEqual(tied.grad?.scalars, [0, 1, 0], "the gradient goes to the first maximum")
    }

    /// d/dx x⁰ is 0 everywhere in PyTorch (it special-cases exponent 0), including at x = 0.
    func testPowZeroHasZeroGradientEvenAtZero() {
        let x = Tensor([0, 2, -3], shape: [3], requiresGrad: true)
        let y = x.pow(0)
        XCTAssertEqual(y.scalars, [1, 1, 1])
        y.backward(Tensor([1, 1, 1], shape: [3]))
        XCTAssertEqual(x.grad?.scalars, [0, 0, 0])
    }
}

import Foundation
import XCTest
@testable import SmithyTensor

/// The rules of the autodiff graph: accumulation, recording modes, graph release, and views.
final class AutodiffTests: XCTestCase {
    private func leaf(_ values: [Float], requiresGrad: Bool = true) -> Tensor {
        Tensor(values, shape: [values.count], requiresGrad: requiresGrad)
    }

    func testGradientsAccumulateAcrossBackwardCallsUntilReset() {
        let x = leaf([1, -2, 3])
        (x * x).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [2, -4, 6])
        (x * x).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [4, -8, 12], "a second backward adds to the gradient")
        x.grad = nil
        (x * 3).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [3, 3, 3], "after grad = nil the next backward starts from zero")
    }

    func testTensorUsedTwiceReceivesBothContributions() {
        let x = leaf([1, 2, -3])
        (x * x + x).backward(Tensor([1, 10, 100], shape: [3]))
        XCTAssertEqual(x.grad?.scalars, [3, 50, -500], "d(x² + x)/dx = 2x + 1, times the cotangent")
    }

    func testSharedIntermediateIsDifferentiatedOnce() {
        // a = 2x feeds both b = exp(a) and c = a · b: dc/dx = 2(b + a·b).
        let x = leaf([0.5, -1])
        let a = x * 2
        let b = a.exp()
        (a * b).sum().backward()
        let expected = x.scalars.map { value -> Float in
            let a = 2 * value, b = Float(Foundation.exp(Double(a)))
            return 2 * (b + a * b)
        }
        assertClose(actual: x.grad!, expected: Tensor(expected, shape: [2]), atol: 1e-6, rtol: 1e-6, "diamond gradient")
        XCTAssertNil(a.grad, "intermediate results do not keep gradients")
        XCTAssertNil(b.grad, "intermediate results do not keep gradients")
    }

    func testWithoutGradientsRecordsNothing() {
        let x = leaf([1, 2])
        XCTAssertTrue(GradientMode.isEnabled)
        let y = GradientMode.withoutGradients { () -> Tensor in
            XCTAssertFalse(GradientMode.isEnabled)
            return (x * x).exp().sum()
        }
        XCTAssertTrue(GradientMode.isEnabled, "recording resumes after the block")
        XCTAssertFalse(y.requiresGrad)
        XCTAssertFalse(y.isRecorded)
        XCTAssertEqual(y.item, Float(Foundation.exp(1.0) + Foundation.exp(4.0)), accuracy: 1e-4)
        let z = x * x
        XCTAssertTrue(z.requiresGrad, "outside the block ops record again")
        XCTAssertTrue(z.isRecorded)
    }

    func testFrozenLeafGetsNoGradient() {
        let x = leaf([1, 2, 3]), frozen = leaf([4, 5, 6], requiresGrad: false)
        let product = x * frozen
        XCTAssertTrue(product.requiresGrad)
        product.sum().backward()
        XCTAssertEqual(x.grad?.scalars, [4, 5, 6])
        XCTAssertNil(frozen.grad)
        let constant = frozen * 2
        XCTAssertFalse(constant.requiresGrad, "ops on tensors that need no gradient record nothing")
        XCTAssertFalse(constant.isRecorded)
    }

    func testDetachedCutsTheGraph() {
        let x = leaf([1, 2])
        let y = (x * x).detached()
        XCTAssertFalse(y.requiresGrad)
        XCTAssertFalse(y.isRecorded)
        (x + y).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [1, 1], "nothing flows through the detached branch")
    }

    func testBackwardReleasesTheGraph() {
        let x = leaf([1, 2])
        let square = x * x
        let loss = square.sum()
        XCTAssertTrue(loss.isRecorded)
        XCTAssertTrue(square.isRecorded)
        loss.backward()
        XCTAssertFalse(loss.isRecorded, "backward releases the output's node")
        XCTAssertFalse(square.isRecorded, "backward releases intermediate nodes")
        XCTAssertFalse(x.isRecorded)
    }

    func testRetainGraphAllowsASecondBackward() {
        let x = leaf([1, 2])
        let square = x * x
        let loss = square.sum()
        loss.backward(retainGraph: true)
        XCTAssertTrue(loss.isRecorded)
        XCTAssertTrue(square.isRecorded)
        loss.backward()
        XCTAssertEqual(x.grad?.scalars, [4, 8], "the second pass through the retained graph accumulates")
        XCTAssertFalse(loss.isRecorded)
    }

    func testBackwardWithoutCotangentSeedsOne() {
        let x = leaf([1, 2, 3])
        (x * 0.5).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [0.5, 0.5, 0.5])
    }

    func testReshapeAndLeadingSliceAreViewsSharingStorage() {
        let x = Tensor((0..<12).map(Float.init), shape: [4, 3])
        let reshaped = x.reshaped([2, 6])
        XCTAssertTrue(reshaped.storage === x.storage, "reshape is a view")
        XCTAssertEqual(reshaped.offset, x.offset)
        let rows = x.slice(axis: 0, 1..<3)
        XCTAssertTrue(rows.storage === x.storage, "a slice of the first axis is a view")
        XCTAssertEqual(rows.offset, 3)
        XCTAssertEqual(rows.scalars, [3, 4, 5, 6, 7, 8])
        let nested = rows.reshaped([3, 2]).slice(axis: 0, 1..<2)
        XCTAssertTrue(nested.storage === x.storage)
        XCTAssertEqual(nested.scalars, [5, 6])
    }

    func testPermuteTransposeAndInnerSlicesCopy() {
        let x = Tensor((0..<12).map(Float.init), shape: [2, 2, 3])
        let permuted = x.permuted([2, 0, 1])
        XCTAssertFalse(permuted.storage === x.storage, "permute copies")
        XCTAssertEqual(permuted.shape, [3, 2, 2])
        XCTAssertEqual(permuted.scalars, [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11])
        let transposed = x.transposed()
        XCTAssertFalse(transposed.storage === x.storage, "transpose copies")
        XCTAssertEqual(transposed.scalars, [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11])
        let columns = x.slice(axis: 2, 1..<3)
        XCTAssertFalse(columns.storage === x.storage, "a slice of an inner axis copies")
        XCTAssertEqual(columns.scalars, [1, 2, 4, 5, 7, 8, 10, 11])
    }

    func testGradientThroughAViewReachesTheBaseTensor() {
        let x = Tensor((0..<6).map(Float.init), shape: [3, 2], requiresGrad: true)
        let rows = x.slice(axis: 0, 1..<3).reshaped([4])
        rows.backward(Tensor([1, 2, 3, 4], shape: [4]))
        XCTAssertEqual(x.grad?.shape, [3, 2])
        XCTAssertEqual(x.grad?.scalars, [0, 0, 1, 2, 3, 4])
    }
}

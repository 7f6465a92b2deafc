import XCTest
@testable import SmithyTensor

/// The comparison every parity test relies on must reject what it should, and say where.
final class ClosenessCheckTests: XCTestCase {
    func testAcceptsValuesWithinAbsoluteOrRelativeTolerance() {
        let expected = Tensor([1000, 0, -2], shape: [3])
        let actual = Tensor([1000.09, 0.0009, -2.0002], shape: [3])
        XCTAssertNil(closenessFailure(actual: actual, expected: expected, atol: 1e-3, rtol: 1e-4, "ok"))
    }

    func testReportsTheWorstElementItsValuesAndTheShape() {
        let expected = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let actual = Tensor([1, 2.1, 3, 4, 5, 6.5], shape: [2, 3])
        let message = closenessFailure(actual: actual, expected: expected, atol: 1e-3, rtol: 0, "case")
        XCTAssertEqual(message?.hasPrefix("case: element [1, 2] of shape (2, 3) is 6.5, expected 6.0"), true, message ?? "nil")
    }

    func testRejectsShapeMismatchAndUnexpectedNaN() {
        let message = closenessFailure(actual: Tensor.zeros([6]), expected: Tensor.zeros([2, 3]), atol: 1, rtol: 1, "reshaped")
        XCTAssertEqual(message, "reshaped: shape (6,), expected (2, 3)")
        XCTAssertNotNil(closenessFailure(actual: Tensor([.nan], shape: [1]), expected: Tensor([0], shape: [1]), atol: 1, rtol: 1, "nan"))
        XCTAssertNil(closenessFailure(actual: Tensor([.nan], shape: [1]), expected: Tensor([.nan], shape: [1]), atol: 0, rtol: 0, "both"))
    }

    func testZeroToleranceMeansBitExact() {
        let one = Tensor([1], shape: [1]), next = Tensor([Float(1).nextUp], shape: [1])
        XCTAssertNil(closenessFailure(actual: one, expected: one, atol: 0, rtol: 0, "same"))
        XCTAssertNotNil(closenessFailure(actual: next, expected: one, atol: 0, rtol: 0, "one ulp"))
    }
}

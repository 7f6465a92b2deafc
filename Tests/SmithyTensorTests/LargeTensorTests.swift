import CSmithyKernels
import XCTest
@testable import SmithyTensor

/// Tensors large enough that the kernels split work across threads (ranges whose boundaries are not
/// multiples of the 16-lane vector), and reductions long enough for accumulated rounding to show.
final class LargeTensorTests: XCTestCase {
    /// More elements than one thread's grain (2^15), and not a multiple of 16.
    private let rows = 3001, columns = 37

    func testElementwiseResultsDoNotDependOnHowWorkIsSplit() {
        let inputs = TestInputs(seed: 21)
        let x = inputs.normal([rows, columns]), y = inputs.normal([rows, columns]), row = inputs.normal([columns])
        // One element per call runs the kernel's scalar remainder loop; whole ranges run its vector loop.
        let expected = x.scalars.map { value -> Float in
            var input = value, output: Float = 0
            smithy_exp(&input, &output, 1)
            return output
        }
        XCTAssertEqual(x.exp().scalars, expected, "exp of a large tensor matches the per-element kernel bit for bit")
        let geluExpected = x.scalars.map { value -> Float in
            var input = value, output: Float = 0
            smithy_gelu(&input, &output, 1)
            return output
        }
        XCTAssertEqual(x.gelu().scalars, geluExpected, "gelu of a large tensor matches the per-element kernel bit for bit")
        XCTAssertEqual((x * y).scalars, zip(x.scalars, y.scalars).map { $0 * $1 })
        let rowValues = row.scalars
        XCTAssertEqual((x - row).scalars, x.scalars.enumerated().map { $0.element - rowValues[$0.offset % columns] })
    }

    func testRowKernelsMatchTheirSingleRowResults() {
        let inputs = TestInputs(seed: 22)
        let x = inputs.normal([rows, columns]), weight = inputs.normal([columns]), bias = inputs.normal([columns])
        let softmax = x.softmax(), normalized = x.layerNorm(weight: weight, bias: bias)
        for index in stride(from: 0, to: rows, by: 97) {
            let single = x.slice(axis: 0, index..<(index + 1))
            XCTAssertEqual(softmax.slice(axis: 0, index..<(index + 1)).scalars, single.softmax().scalars, "softmax row \(index)")
            XCTAssertEqual(normalized.slice(axis: 0, index..<(index + 1)).scalars,
                           single.layerNorm(weight: weight, bias: bias).scalars, "layer_norm row \(index)")
        }
    }

    /// Relative error of a Float sum of many positive values (where rounding errors do not cancel)
    /// against the Double sum. Cascade/pairwise summation (PyTorch) stays near 1e-7 here.
    /// Measured: 1.6e-6 for the contiguous sum (16 running partial sums) and 1.2e-5 for the sum over
    /// the leading axis (one running sum per column); asserted: the fixtures' reduce tolerance, 1e-4.
    /// A single running Float sum would be off by ~1e-2 here, so this still catches a regression.
    private func relativeError(_ actual: Float, _ values: [Float]) -> Double {
        let exact = values.reduce(0.0) { $0 + Double($1) }
        return abs(Double(actual) - exact) / exact
    }

    func testLongSumsStayAccurate() {
        let generator = RandomGenerator(seed: 23)
        let count = 1 << 22
        let values = Tensor.randomUniform([count], low: 0, high: 1, generator: generator)
        let scalars = values.scalars
        let contiguous = relativeError(values.sum().item, scalars)
        let columnwise = values.reshaped([count / 16, 16]).sum(axes: [0])
        var strided = 0.0
        for column in 0..<16 {
            let columnValues = stride(from: column, to: count, by: 16).map { scalars[$0] }
            strided = max(strided, relativeError(columnwise.scalars[column], columnValues))
        }
        print("[long sums] 2^22 uniform values: contiguous sum relative error \(contiguous), sum over axis 0 of [2^18, 16] \(strided)")
        XCTAssertLessThan(contiguous, 1e-4, "sum of 2^22 values")
        XCTAssertLessThan(strided, 1e-4, "sum over a leading axis of 2^18")
    }
}

import CSmithyKernels
import Foundation
import XCTest
@testable import SmithyTensor

/// The vectorised exp (Swift, for fused row kernels) and the C kernels of CSmithyKernels (exp, tanh,
/// sigmoid, erf, the activations and their derivatives) against Double-precision references over
/// dense sweeps and special values.
final class VectorMathTests: XCTestCase {
    /// `count` evenly spaced Floats from `low` to `high` inclusive.
    private func sweep(_ low: Float, _ high: Float, count: Int) -> [Float] {
        (0..<count).map { low + (high - low) * Float($0) / Float(count - 1) }
    }

    /// `function` applied 16 lanes at a time (the tail is padded).
    private func vectorized(_ values: [Float], _ function: (Vector) -> Vector) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(values.count)
        var index = 0
        while index < values.count {
            var vector = Vector()
            let lanes = min(Vector.scalarCount, values.count - index)
            for lane in 0..<lanes { vector[lane] = values[index + lane] }
            let output = function(vector)
            for lane in 0..<lanes { result.append(output[lane]) }
            index += Vector.scalarCount
        }
        return result
    }

    /// `kernel` over `values` (one call, as the ops make it per thread range).
    private func kernel(_ values: [Float], _ kernel: UnaryKernel) -> [Float] {
        var result = [Float](repeating: .nan, count: values.count)
        values.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in kernel(input.baseAddress, output.baseAddress, values.count) }
        }
        return result
    }

    /// `kernel` over `a` and `b`.
    private func kernel(_ a: [Float], _ b: [Float], _ kernel: BinaryKernel) -> [Float] {
        var result = [Float](repeating: .nan, count: a.count)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { output in kernel(a.baseAddress, b.baseAddress, output.baseAddress, a.count) }
            }
        }
        return result
    }

    /// The worst errors of `actual` against `reference` (computed in Double).
    private struct Accuracy {
        var maxRelative = 0.0, maxAbsolute = 0.0, maxUlps = 0.0
        var worstInput: Float = 0

        init(inputs: [Float], actual: [Float], reference: (Double) -> Double) {
            for (x, value) in zip(inputs, actual) {
                let exact = reference(Double(x))
                let absolute = abs(Double(value) - exact)
                let relative = exact == 0 ? absolute : absolute / abs(exact)
                let ulps = absolute / Double(Float(exact).ulp)
                if relative > maxRelative { worstInput = x }
                maxRelative = max(maxRelative, relative)
                maxAbsolute = max(maxAbsolute, absolute)
                maxUlps = max(maxUlps, ulps)
            }
        }

        var summary: String {
            "max relative \(maxRelative) (at x = \(worstInput)), max absolute \(maxAbsolute), max \(maxUlps) ulp"
        }
    }

    func testExpWithinTwoUlpOverItsNormalRange() {
        let inputs = sweep(-87, 88, count: 1 << 20)
        let accuracy = Accuracy(inputs: inputs, actual: vectorized(inputs, vectorExp), reference: Foundation.exp)
        print("[vector math] exp over [-87, 88]: \(accuracy.summary)")
        XCTAssertLessThanOrEqual(accuracy.maxRelative, 2.4e-7, "exp: \(accuracy.summary)")
    }

    /// exp(x) is finite below log(Float.greatestFiniteMagnitude) ≈ 88.7228; the kernel documents
    /// +inf only above 88.72.
    func testExpIsFiniteUpToFloatOverflow() {
        let inputs = sweep(88, 88.72, count: 4096)
        let outputs = vectorized(inputs, vectorExp)
        let firstInfinite = zip(inputs, outputs).first { !$0.1.isFinite }
        XCTAssertNil(firstInfinite, "vectorExp(\(firstInfinite?.0 ?? 0)) = \(firstInfinite?.1 ?? 0), expected \(Foundation.exp(Double(firstInfinite?.0 ?? 0)))")
        let accuracy = Accuracy(inputs: inputs, actual: outputs, reference: Foundation.exp)
        print("[vector math] exp over [88, 88.72]: \(accuracy.summary)")
        XCTAssertLessThanOrEqual(accuracy.maxRelative, 2.4e-7, "exp near overflow: \(accuracy.summary)")
    }

    func testExpSpecialValues() {
        let special: [Float] = [0, -0.0, 89, 1000, .infinity, -88, -1000, -.infinity, .nan]
        let outputs = vectorized(special, vectorExp)
        XCTAssertEqual(outputs[0], 1)
        XCTAssertEqual(outputs[1], 1)
        XCTAssertEqual(outputs[2], .infinity)
        XCTAssertEqual(outputs[3], .infinity)
        XCTAssertEqual(outputs[4], .infinity)
        XCTAssertEqual(outputs[5], 0, "below -87.34 the kernel flushes to 0 (documented)")
        XCTAssertEqual(outputs[6], 0)
        XCTAssertEqual(outputs[7], 0)
        XCTAssertTrue(outputs[8].isNaN)
    }

    // MARK: C kernels

    func testKernelExpWithinTwoUlp() {
        for (low, high) in [(Float(-87), Float(88)), (88, 88.72), (-1e-3, 1e-3)] {
            let inputs = sweep(low, high, count: 1 << 20)
            let outputs = kernel(inputs, smithy_exp)
            XCTAssertNil(zip(inputs, outputs).first { !$0.1.isFinite }, "exp overflowed below 88.72")
            let accuracy = Accuracy(inputs: inputs, actual: outputs, reference: Foundation.exp)
            print("[kernel math] exp over [\(low), \(high)]: \(accuracy.summary)")
            XCTAssertLessThanOrEqual(accuracy.maxUlps, 2, "exp: \(accuracy.summary)")
        }
    }

    func testKernelExpSpecialValues() {
        let special: [Float] = [0, -0.0, 88.7228, 88.73, 89, 1000, .infinity, -87.3, -87.34, -88, -1000, -.infinity, .nan]
        let outputs = kernel(special, smithy_exp)
        XCTAssertEqual(outputs[0], 1)
        XCTAssertEqual(outputs[1], 1)
        XCTAssertTrue(outputs[2].isFinite && outputs[2] > 3.4e38)
        XCTAssertEqual(Array(outputs[3...6]), [.infinity, .infinity, .infinity, .infinity])
        XCTAssertEqual(outputs[7], Float(Foundation.exp(-87.3)), accuracy: 1e-43)
        XCTAssertEqual(Array(outputs[8...11]), [0, 0, 0, 0], "below -87.34 the kernel flushes to 0 (documented)")
        XCTAssertTrue(outputs[12].isNaN)
    }

    /// Passes each element that is within 1e-6 relative or 1e-7 absolute of the Double reference,
    /// and (when `ulps` is given) within that many ulp.
    private func assertKernel(_ name: String, _ function: UnaryKernel, over range: (Float, Float) = (-20, 20),
                              ulps: Double? = 4, reference: (Double) -> Double,
                              file: StaticString = #filePath, line: UInt = #line) {
        let inputs = sweep(range.0, range.1, count: 1 << 20)
        assertClose(name, inputs, kernel(inputs, function), ulps: ulps, reference: reference, file: file, line: line)
    }

    private func assertClose(_ name: String, _ inputs: [Float], _ outputs: [Float], ulps: Double?,
                             relative: Double = 1e-6, absolute: Double = 1e-7,
                             reference: (Double) -> Double, file: StaticString = #filePath, line: UInt = #line) {
        let accuracy = Accuracy(inputs: inputs, actual: outputs, reference: reference)
        print("[kernel math] \(name) over [\(inputs.first!), \(inputs.last!)]: \(accuracy.summary)")
        let failures = zip(inputs, outputs).filter { x, value in
            let exact = reference(Double(x)), error = abs(Double(value) - exact)
            return !(error <= absolute || error <= relative * abs(exact))
        }
        XCTAssertTrue(failures.isEmpty, "\(name): \(failures.count) inputs off by more than \(relative) relative and \(absolute) absolute, "
                      + "first at x = \(failures.first?.0 ?? 0): \(failures.first?.1 ?? 0) vs \(reference(Double(failures.first?.0 ?? 0)))",
                      file: file, line: line)
        if let ulps {
            XCTAssertLessThanOrEqual(accuracy.maxUlps, ulps, "\(name): \(accuracy.summary)", file: file, line: line)
        }
    }

    private static func normalCDF(_ x: Double) -> Double { 0.5 * Foundation.erfc(-x / 2.0.squareRoot()) }
    private static let tanhGELUScale = (2 / Double.pi).squareRoot()

    func testKernelTanhSigmoidErfAgainstDouble() {
        assertKernel("tanh", smithy_tanh, reference: Foundation.tanh)
        assertKernel("tanh near 0", smithy_tanh, over: (-1, 1), reference: Foundation.tanh)
        assertKernel("sigmoid", smithy_sigmoid) { 1 / (1 + Foundation.exp(-$0)) }
        assertKernel("erf", smithy_erf, over: (-6, 6), ulps: 2, reference: Foundation.erf)
        assertKernel("erf near 0", smithy_erf, over: (-1e-3, 1e-3), ulps: 2, reference: Foundation.erf)
    }

    func testKernelActivationsAgainstDouble() {
        assertKernel("gelu", smithy_gelu, ulps: nil) { $0 * Self.normalCDF($0) }
        assertKernel("gelu_tanh", smithy_gelu_tanh, ulps: nil) { x in
            0.5 * x * (1 + Foundation.tanh(Self.tanhGELUScale * (x + 0.044715 * x * x * x)))
        }
        assertKernel("silu", smithy_silu, ulps: nil) { $0 / (1 + Foundation.exp(-$0)) }
        assertKernel("relu", smithy_relu, ulps: 0) { max($0, 0) }
    }

    /// Derivatives against Double formulas, with a unit cotangent and with a cotangent of 3; within
    /// 1e-5 relative or 1e-7·g absolute (the derivatives add terms of opposite sign, e.g. Φ(x) + x·φ(x)).
    func testKernelDerivativesAgainstDouble() {
        let inputs = sweep(-20, 20, count: 1 << 18) + [-100, -1000, 100, 1000]
        for g in [Float(1), 3] {
            let cotangent = [Float](repeating: g, count: inputs.count), scale = Double(g)
            func assertClose(_ name: String, _ inputs: [Float], _ outputs: [Float], ulps: Double?,
                             reference: (Double) -> Double, line: UInt = #line) {
                self.assertClose(name, inputs, outputs, ulps: ulps, relative: 1e-5, absolute: 1e-7 * scale,
                                 reference: reference, line: line)
            }
            assertClose("gelu'", inputs, kernel(cotangent, inputs, smithy_gelu_backward), ulps: nil) { x in
                scale * (Self.normalCDF(x) + x * Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot())
            }
            assertClose("gelu_tanh'", inputs, kernel(cotangent, inputs, smithy_gelu_tanh_backward), ulps: nil) { x in
                let t = Foundation.tanh(Self.tanhGELUScale * (x + 0.044715 * x * x * x))
                return scale * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Self.tanhGELUScale * (1 + 3 * 0.044715 * x * x))
            }
            assertClose("silu'", inputs, kernel(cotangent, inputs, smithy_silu_backward), ulps: nil) { x in
                let s = 1 / (1 + Foundation.exp(-x))
                return scale * s * (1 + x * (1 - s))
            }
            assertClose("relu'", inputs, kernel(cotangent, inputs, smithy_relu_backward), ulps: 0) { x in x > 0 ? scale : 0 }
            // From the output y.
            let tanhOutputs = inputs.map { Float(Foundation.tanh(Double($0))) }
            assertClose("tanh'", tanhOutputs, kernel(cotangent, tanhOutputs, smithy_tanh_backward), ulps: nil) { y in scale * (1 - y * y) }
            assertClose("sigmoid'", tanhOutputs, kernel(cotangent, tanhOutputs, smithy_sigmoid_backward), ulps: nil) { y in scale * y * (1 - y) }
            assertClose("exp'", inputs, kernel(cotangent, inputs, smithy_exp_backward), ulps: nil) { y in scale * y }
        }
    }

    func testKernelSpecialValues() {
        let special: [Float] = [0, -0.0, 1e-30, -1e-30, 50, -50, 100, -100, .infinity, -.infinity, .nan]
        let tanh = kernel(special, smithy_tanh)
        XCTAssertEqual(Array(tanh[0...9]), [0, 0, 1e-30, -1e-30, 1, -1, 1, -1, 1, -1])
        XCTAssertEqual(tanh[1].sign, .minus)
        XCTAssertTrue(tanh[10].isNaN)
        let sigmoid = kernel(special, smithy_sigmoid)
        XCTAssertEqual(Array(sigmoid[0...9]), [0.5, 0.5, 0.5, 0.5, 1, Float(1 / (1 + Foundation.exp(50.0))), 1, 0, 1, 0])
        XCTAssertTrue(sigmoid[10].isNaN)
        let erf = kernel(special, smithy_erf)
        XCTAssertEqual(Array(erf[0...9]), [0, 0, Float(Foundation.erf(1e-30)), -Float(Foundation.erf(1e-30)), 1, -1, 1, -1, 1, -1])
        XCTAssertTrue(erf[10].isNaN)
        let gelu = kernel(special, smithy_gelu)
        XCTAssertEqual(Array(gelu[0...8]), [0, 0, 5e-31, -5e-31, 50, 0, 100, 0, .infinity])
        XCTAssertTrue(gelu[10].isNaN)
        let relu = kernel(special, smithy_relu)
        XCTAssertEqual(Array(relu[0...9]), [0, 0, 1e-30, 0, 50, 0, 100, 0, .infinity, 0])
        XCTAssertTrue(relu[10].isNaN, "relu keeps NaN, as PyTorch")
    }

    func testKernelTanhAndErfAreOdd() {
        let inputs = sweep(0, 12, count: 10_000)
        XCTAssertEqual(kernel(inputs.map { -$0 }, smithy_tanh), kernel(inputs, smithy_tanh).map { -$0 })
        XCTAssertEqual(kernel(inputs.map { -$0 }, smithy_erf), kernel(inputs, smithy_erf).map { -$0 })
    }
}

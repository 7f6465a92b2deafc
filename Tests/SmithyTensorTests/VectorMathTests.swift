import Foundation
import XCTest
@testable import SmithyTensor

/// The vectorised exp, tanh and sigmoid against Double-precision references over dense sweeps.
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

    /// Passes each element that is within 1e-6 relative or 1e-7 absolute of the Double reference.
    private func assertWithinRelativeOrAbsolute(_ name: String, _ function: (Vector) -> Vector, reference: (Double) -> Double,
                                                file: StaticString = #filePath, line: UInt = #line) {
        let inputs = sweep(-20, 20, count: 1 << 20)
        let outputs = vectorized(inputs, function)
        let accuracy = Accuracy(inputs: inputs, actual: outputs, reference: reference)
        print("[vector math] \(name) over [-20, 20]: \(accuracy.summary)")
        let failures = zip(inputs, outputs).filter { x, value in
            let exact = reference(Double(x)), absolute = abs(Double(value) - exact)
            return !(absolute <= 1e-7 || absolute <= 1e-6 * abs(exact))
        }
        XCTAssertTrue(failures.isEmpty, "\(name): \(failures.count) inputs off by more than 1e-6 relative and 1e-7 absolute, "
                      + "first at x = \(failures.first?.0 ?? 0): \(failures.first?.1 ?? 0) vs \(reference(Double(failures.first?.0 ?? 0)))",
                      file: file, line: line)
        XCTAssertLessThanOrEqual(accuracy.maxUlps, 4, "\(name): the kernel documents 4 ulp", file: file, line: line)
    }

    func testTanhAgainstDouble() {
        assertWithinRelativeOrAbsolute("tanh", vectorTanh, reference: Foundation.tanh)
    }

    func testSigmoidAgainstDouble() {
        assertWithinRelativeOrAbsolute("sigmoid", vectorSigmoid) { 1 / (1 + Foundation.exp(-$0)) }
    }

    func testTanhAndSigmoidSpecialValues() {
        let outputs = vectorized([0, 1e-30, -1e-30, 50, -50, 100], vectorTanh)
        XCTAssertEqual(outputs[0], 0)
        XCTAssertEqual(outputs[1], 1e-30)
        XCTAssertEqual(outputs[2], -1e-30)
        XCTAssertEqual(outputs[3], 1)
        XCTAssertEqual(outputs[4], -1)
        XCTAssertEqual(outputs[5], 1)
        let sigmoid = vectorized([0, 100, -100], vectorSigmoid)
        XCTAssertEqual(sigmoid[0], 0.5)
        XCTAssertEqual(sigmoid[1], 1)
        XCTAssertEqual(sigmoid[2], 0, accuracy: 1e-38)
    }

    func testTanhIsOdd() {
        let inputs = sweep(0, 12, count: 10_000)
        XCTAssertEqual(vectorized(inputs.map { -$0 }, vectorTanh), vectorized(inputs, vectorTanh).map { -$0 })
    }
}

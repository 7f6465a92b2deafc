import Foundation
import XCTest
@testable import SmithyTensor

/// Compares reverse-mode gradients with central finite differences.
///
/// The scalar differentiated is L = Σᵢ sum(outputᵢ · cotᵢ) with random normal cotangents (never all
/// ones, so a gradient that is right only in its sum still fails). For each element xⱼ of each
/// differentiable input, the numerical derivative is (L(x + h·eⱼ) − L(x − h·eⱼ)) / (x₊ − x₋), where
/// x₊ and x₋ are the perturbed values actually stored in Float (so the step is exact) and L is
/// accumulated in Double from the Float outputs.
struct GradientCheck {
    /// Step h. The Float32 forward pass rounds each output to ~6e-8 relative; divided by 2h = 2e-2
    /// that is ~1e-5 of noise per unit of output, and the O(h²) truncation error is ~1e-5 for the
    /// smooth ops here. Both are far below the tolerance.
    var step: Float = 1e-2
    /// Absolute tolerance: covers the rounding noise above for outputs up to ~10 in magnitude.
    var atol: Double = 1e-3
    /// Relative tolerance: 2% leaves room for the truncation error of strongly curved functions
    /// (rsqrt, log near 0.5, pow) while a wrong sign, factor or missing broadcast-sum is off by O(100%).
    var rtol: Double = 2e-2

    /// One element whose analytic and numerical derivatives disagree.
    struct Mismatch: CustomStringConvertible {
        let input: Int
        let element: [Int]
        let analytic: Double
        let numerical: Double
        var description: String {
            "x\(input)\(element): analytic \(analytic), numerical \(numerical) (|Δ| \(abs(analytic - numerical)))"
        }
    }

    /// Every element (of the inputs listed in `differentiable`, all when nil) whose analytic gradient
    /// is outside atol + rtol·|numerical| of the central difference.
    func mismatches(_ inputs: [Tensor], differentiable: Set<Int>? = nil, cotangentSeed: UInt64 = 99,
                    _ function: ([Tensor]) -> [Tensor]) -> [Mismatch] {
        let checked = differentiable ?? Set(inputs.indices)
        let leaves = inputs.map { $0.copy() }
        for index in checked { leaves[index].requiresGrad = true }
        let outputs = function(leaves)
        let random = RandomGenerator(seed: cotangentSeed)
        let cotangents = outputs.map { Tensor.randomNormal($0.shape, generator: random) }
        backwardOfWeightedSum(outputs, cotangents)

        var result: [Mismatch] = []
        for index in checked.sorted() {
            let analytic = leaves[index].grad?.scalars ?? [Float](repeating: 0, count: inputs[index].count)
            for element in 0..<inputs[index].count {
                let numerical = centralDifference(inputs, input: index, element: element, cotangents: cotangents, function)
                let value = Double(analytic[element])
                if !(abs(value - numerical) <= atol + rtol * abs(numerical)) {
                    result.append(Mismatch(input: index, element: multiIndex(element, in: inputs[index].shape),
                                           analytic: value, numerical: numerical))
                }
            }
        }
        return result
    }

    /// dL/dx[input][element] by a central difference.
    private func centralDifference(_ inputs: [Tensor], input: Int, element: Int, cotangents: [Tensor],
                                   _ function: ([Tensor]) -> [Tensor]) -> Double {
        let probe = inputs.map { $0.copy() }
        let original = probe[input].pointer[element]
        let plus = original + step, minus = original - step
        probe[input].pointer[element] = plus
        let above = weightedSum(function, probe, cotangents)
        probe[input].pointer[element] = minus
        let below = weightedSum(function, probe, cotangents)
        return (above - below) / (Double(plus) - Double(minus))
    }

    /// Σᵢ Σ outputᵢ · cotᵢ in Double, without recording gradients.
    private func weightedSum(_ function: ([Tensor]) -> [Tensor], _ inputs: [Tensor], _ cotangents: [Tensor]) -> Double {
        let outputs = GradientMode.withoutGradients { function(inputs) }
        var total = 0.0
        for (output, cotangent) in zip(outputs, cotangents) {
            for (value, weight) in zip(output.scalars, cotangent.scalars) { total += Double(value) * Double(weight) }
        }
        return total
    }
}

/// Fails with the first few mismatches when the analytic gradients of `function` disagree with
/// finite differences.
func assertGradientsMatchFiniteDifferences(_ label: String, _ inputs: [Tensor], differentiable: Set<Int>? = nil,
                                           check: GradientCheck = GradientCheck(),
                                           file: StaticString = #filePath, line: UInt = #line,
                                           _ function: ([Tensor]) -> [Tensor]) {
    let mismatches = check.mismatches(inputs, differentiable: differentiable, function)
    if !mismatches.isEmpty {
        XCTFail("\(label): \(mismatches.count) gradient elements disagree with finite differences, e.g. "
                + mismatches.prefix(3).map(\.description).joined(separator: "; "), file: file, line: line)
    }
}

/// Random test inputs from one seeded generator.
final class TestInputs {
    let random: RandomGenerator

    init(seed: UInt64) { random = RandomGenerator(seed: seed) }

    /// Standard normal values.
    func normal(_ shape: [Int], std: Float = 1) -> Tensor {
        Tensor.randomNormal(shape, std: std, generator: random)
    }

    /// Values in [minimum, minimum + |N(0,1)|): for log, sqrt, rsqrt, fractional powers, divisors.
    func positive(_ shape: [Int], minimum: Float = 0.5) -> Tensor {
        Tensor(normal(shape).scalars.map { minimum + abs($0) }, shape: shape)
    }

    /// Normal values pushed at least `margin` away from 0 (for relu-like kinks and divisors).
    func awayFromZero(_ shape: [Int], margin: Float = 0.1) -> Tensor {
        Tensor(normal(shape).scalars.map { $0 + ($0 < 0 ? -margin : margin) }, shape: shape)
    }

    /// Distinct values at least `spacing` apart in random order (no ties for max).
    func distinct(_ shape: [Int], spacing: Float = 0.2) -> Tensor {
        var values = (0..<elementCount(shape)).map { Float($0) * spacing - Float(elementCount(shape)) * spacing / 2 }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, random.nextIndex(below: index + 1))
        }
        return Tensor(values, shape: shape)
    }

    /// A 0/1 tensor with about half ones.
    func mask(_ shape: [Int]) -> Tensor {
        Tensor((0..<elementCount(shape)).map { _ in random.nextUniform() < 0.5 ? 1 : 0 }, shape: shape)
    }
}

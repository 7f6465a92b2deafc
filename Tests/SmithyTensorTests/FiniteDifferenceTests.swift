import XCTest
@testable import SmithyTensor

/// Every differentiable op's backward against central finite differences (see `GradientCheck` for
/// the step and the tolerance), on small random inputs kept away from kinks and ties.
final class FiniteDifferenceTests: XCTestCase {
    func testArithmeticWithBroadcasting() {
        let inputs = TestInputs(seed: 1)
        let shapePairs: [([Int], [Int])] = [([3, 4], [3, 4]), ([3, 4], [4]), ([4], [3, 4]), ([2, 3, 4], [3, 1]),
                                            ([2, 1, 4], [1, 3, 1]), ([3, 4], [])]
        for (shapeA, shapeB) in shapePairs {
            let a = inputs.normal(shapeA), b = inputs.normal(shapeB), divisor = inputs.awayFromZero(shapeB, margin: 0.5)
            // Both operands, then each alone (the backward skips operands that need no gradient).
            for differentiable: Set<Int> in [[0, 1], [0], [1]] {
                let pair = "\(describe(shapeA)) with \(describe(shapeB)), differentiating \(differentiable.sorted())"
                assertGradientsMatchFiniteDifferences("add \(pair)", [a, b], differentiable: differentiable) { [$0[0] + $0[1]] }
                assertGradientsMatchFiniteDifferences("sub \(pair)", [a, b], differentiable: differentiable) { [$0[0] - $0[1]] }
                assertGradientsMatchFiniteDifferences("mul \(pair)", [a, b], differentiable: differentiable) { [$0[0] * $0[1]] }
                assertGradientsMatchFiniteDifferences("div \(pair)", [a, divisor], differentiable: differentiable) { [$0[0] / $0[1]] }
            }
        }
    }

    func testScalarArithmeticAndNegation() {
        let x = TestInputs(seed: 2).normal([3, 5])
        assertGradientsMatchFiniteDifferences("x + 1.5", [x]) { [$0[0] + 1.5] }
        assertGradientsMatchFiniteDifferences("x - 0.5", [x]) { [$0[0] - 0.5] }
        assertGradientsMatchFiniteDifferences("x * 2.5", [x]) { [$0[0] * 2.5] }
        assertGradientsMatchFiniteDifferences("-3 * x", [x]) { [-3 * $0[0]] }
        assertGradientsMatchFiniteDifferences("x / 4", [x]) { [$0[0] / 4] }
        assertGradientsMatchFiniteDifferences("neg", [x]) { [-$0[0]] }
    }

    func testUnaryMath() {
        let inputs = TestInputs(seed: 3)
        let signed = inputs.normal([3, 5]), positive = inputs.positive([3, 5])
        assertGradientsMatchFiniteDifferences("exp", [signed]) { [$0[0].exp()] }
        assertGradientsMatchFiniteDifferences("log", [positive]) { [$0[0].log()] }
        assertGradientsMatchFiniteDifferences("sqrt", [positive]) { [$0[0].sqrt()] }
        assertGradientsMatchFiniteDifferences("rsqrt", [positive]) { [$0[0].rsqrt()] }
        assertGradientsMatchFiniteDifferences("pow 2", [signed]) { [$0[0].pow(2)] }
        assertGradientsMatchFiniteDifferences("pow 3 of signed values", [signed]) { [$0[0].pow(3)] }
        assertGradientsMatchFiniteDifferences("pow 0.5", [positive]) { [$0[0].pow(0.5)] }
        assertGradientsMatchFiniteDifferences("pow -1.5", [positive]) { [$0[0].pow(-1.5)] }
    }

    func testActivations() {
        let inputs = TestInputs(seed: 4)
        // 37 elements: two full 16-lane vectors and a partial one.
        let x = inputs.normal([37], std: 2), awayFromKink = inputs.awayFromZero([37])
        assertGradientsMatchFiniteDifferences("tanh", [x]) { [$0[0].tanh()] }
        assertGradientsMatchFiniteDifferences("sigmoid", [x]) { [$0[0].sigmoid()] }
        assertGradientsMatchFiniteDifferences("relu", [awayFromKink]) { [$0[0].relu()] }
        assertGradientsMatchFiniteDifferences("leaky_relu 0.2", [awayFromKink]) { [$0[0].leakyRelu(slope: 0.2)] }
        assertGradientsMatchFiniteDifferences("gelu exact", [x]) { [$0[0].gelu(approximate: .none)] }
        assertGradientsMatchFiniteDifferences("gelu tanh", [x]) { [$0[0].gelu(approximate: .tanh)] }
        assertGradientsMatchFiniteDifferences("silu", [x]) { [$0[0].silu()] }
    }

    func testReductions() {
        let inputs = TestInputs(seed: 5)
        let x = inputs.normal([2, 3, 4]), distinct = inputs.distinct([2, 3, 4])
        let axesCases: [([Int]?, Bool)] = [([1], false), ([-1], true), ([0, 2], false), (nil, false), ([], false)]
        for (axes, keep) in axesCases {
            let label = "axes \(axes.map { "\($0)" } ?? "all") keep \(keep)"
            assertGradientsMatchFiniteDifferences("sum \(label)", [x]) { [$0[0].sum(axes: axes, keepingDimensions: keep)] }
            assertGradientsMatchFiniteDifferences("mean \(label)", [x]) { [$0[0].mean(axes: axes, keepingDimensions: keep)] }
        }
        for (axis, keep) in [(0, false), (1, false), (-1, true)] {
            assertGradientsMatchFiniteDifferences("max axis \(axis) keep \(keep)", [distinct]) {
                [$0[0].max(axis: axis, keepingDimensions: keep)]
            }
        }
    }

    func testSoftmaxFamily() {
        let x = TestInputs(seed: 6).normal([2, 3, 19], std: 2)
        for axis in [-1, 1, 0] {
            assertGradientsMatchFiniteDifferences("softmax axis \(axis)", [x]) { [$0[0].softmax(axis: axis)] }
            assertGradientsMatchFiniteDifferences("log_softmax axis \(axis)", [x]) { [$0[0].logSoftmax(axis: axis)] }
        }
    }

    func testNormalization() {
        let inputs = TestInputs(seed: 7)
        // Row lengths 5 (one partial vector) and 20 (a full vector and a partial one).
        for length in [5, 20] {
            let x = inputs.normal([3, length], std: 2), weight = inputs.normal([length]), bias = inputs.normal([length])
            assertGradientsMatchFiniteDifferences("layer_norm \(length) affine", [x, weight, bias]) {
                [$0[0].layerNorm(weight: $0[1], bias: $0[2])]
            }
            assertGradientsMatchFiniteDifferences("layer_norm \(length) plain", [x]) {
                [$0[0].layerNorm(weight: nil, bias: nil)]
            }
            assertGradientsMatchFiniteDifferences("layer_norm \(length) bias only", [x, bias]) {
                [$0[0].layerNorm(weight: nil, bias: $0[1])]
            }
            assertGradientsMatchFiniteDifferences("layer_norm \(length) parameters only", [x, weight, bias], differentiable: [1, 2]) {
                [$0[0].layerNorm(weight: $0[1], bias: $0[2])]
            }
            assertGradientsMatchFiniteDifferences("rms_norm \(length) weighted", [x, weight]) {
                [$0[0].rmsNorm(weight: $0[1])]
            }
            assertGradientsMatchFiniteDifferences("rms_norm \(length) plain", [x]) { [$0[0].rmsNorm(weight: nil)] }
        }
    }

    func testMatmul() {
        let inputs = TestInputs(seed: 8)
        // (a shape, b shape, transposeA, transposeB)
        let cases: [([Int], [Int], Bool, Bool)] = [
            ([3, 4], [4, 5], false, false), ([4, 3], [4, 5], true, false),
            ([3, 4], [5, 4], false, true), ([4, 3], [5, 4], true, true),
            ([2, 3, 4], [2, 4, 5], false, false), ([2, 4, 3], [2, 5, 4], true, true),
            ([2, 3, 4], [4, 5], false, false), ([2, 3, 4], [5, 4], false, true), ([2, 4, 3], [4, 5], true, false),
            ([3, 4], [2, 4, 5], false, false), ([2, 2, 3, 4], [2, 2, 4, 2], false, false),
        ]
        for (shapeA, shapeB, transposeA, transposeB) in cases {
            let a = inputs.normal(shapeA), b = inputs.normal(shapeB)
            let label = "matmul \(describe(shapeA))\(transposeA ? "ᵀ" : "") × \(describe(shapeB))\(transposeB ? "ᵀ" : "")"
            for differentiable: Set<Int> in [[0, 1], [0], [1]] {
                assertGradientsMatchFiniteDifferences("\(label) differentiating \(differentiable.sorted())", [a, b],
                                                      differentiable: differentiable) {
                    [matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB)]
                }
            }
        }
    }

    func testLayoutOps() {
        let x = TestInputs(seed: 9).normal([2, 3, 4])
        assertGradientsMatchFiniteDifferences("reshape", [x]) { [$0[0].reshaped([4, -1])] }
        assertGradientsMatchFiniteDifferences("transpose", [x]) { [$0[0].transposed(0, 2)] }
        assertGradientsMatchFiniteDifferences("permute", [x]) { [$0[0].permuted([1, 2, 0])] }
        assertGradientsMatchFiniteDifferences("slice axis 0", [x]) { [$0[0].slice(axis: 0, 1..<2)] }
        assertGradientsMatchFiniteDifferences("slice axis 1", [x]) { [$0[0].slice(axis: 1, 1..<3)] }
        assertGradientsMatchFiniteDifferences("slice axis -1", [x]) { [$0[0].slice(axis: -1, 0..<3)] }
        assertGradientsMatchFiniteDifferences("broadcast", [x.slice(axis: 1, 0..<1).copy()]) { [$0[0].broadcast(to: [2, 3, 4])] }
        assertGradientsMatchFiniteDifferences("sum to shape", [x]) { [$0[0].sum(toShape: [3, 1])] }
    }

    func testJoiningAndSplitting() {
        let inputs = TestInputs(seed: 10)
        let a = inputs.normal([2, 3]), b = inputs.normal([2, 3]), c = inputs.normal([2, 5]), d = inputs.normal([4, 3])
        assertGradientsMatchFiniteDifferences("concat axis 1", [a, c]) { [concat($0, axis: 1)] }
        assertGradientsMatchFiniteDifferences("concat axis 0", [a, d, b]) { [concat($0, axis: 0)] }
        assertGradientsMatchFiniteDifferences("concat axis -1", [a, b, c]) { [concat($0, axis: -1)] }
        for axis in [0, 1, 2, -1] {
            assertGradientsMatchFiniteDifferences("stack axis \(axis)", [a, b]) { [stack($0, axis: axis)] }
        }
        let wide = inputs.normal([3, 7])
        assertGradientsMatchFiniteDifferences("split axis 1", [wide]) { $0[0].split(sizes: [2, 4, 1], axis: 1) }
        assertGradientsMatchFiniteDifferences("split axis 0", [wide]) { $0[0].split(sizes: [1, 2], axis: 0) }
        assertGradientsMatchFiniteDifferences("chunk 7 into 3", [wide]) { $0[0].chunk(3, axis: -1) }
        assertGradientsMatchFiniteDifferences("split outputs used twice", [wide]) {
            let parts = $0[0].split(sizes: [3, 4], axis: 1)
            return [parts[0] * parts[0], parts[1]]
        }
    }

    func testMaskingAndSelection() {
        let inputs = TestInputs(seed: 11)
        let x = inputs.normal([2, 3, 4]), mask = inputs.mask([2, 1, 4])
        assertGradientsMatchFiniteDifferences("masked_fill", [x, mask], differentiable: [0]) { [$0[0].maskedFill($0[1], -1e4)] }
        let condition = inputs.mask([3, 1]), a = inputs.normal([3, 4]), b = inputs.normal([4])
        assertGradientsMatchFiniteDifferences("where with broadcasting", [condition, a, b], differentiable: [1, 2]) {
            [select($0[0], $0[1], $0[2])]
        }
        let wideCondition = inputs.mask([2, 3, 4]), column = inputs.normal([3, 1]), scalar = inputs.normal([])
        assertGradientsMatchFiniteDifferences("where with the condition widest", [wideCondition, column, scalar], differentiable: [1, 2]) {
            [select($0[0], $0[1], $0[2])]
        }
    }

    func testEmbedding() {
        let weight = TestInputs(seed: 12).normal([6, 5])
        let indices = [1, 4, 1, 0, 5, 1]
        assertGradientsMatchFiniteDifferences("embedding with repeated indices", [weight]) {
            [embedding($0[0], indices: indices, shape: [2, 3])]
        }
    }

    func testLosses() {
        let inputs = TestInputs(seed: 13)
        let logits = inputs.normal([6, 5], std: 2), targets = [0, 3, 4, -100, 2, 3]
        let variants: [(String, Int, Float, LossReduction)] = [
            ("plain", -7, 0, .mean), ("ignore", -100, 0, .mean), ("smoothing", -7, 0.1, .mean),
            ("smoothing + ignore", -100, 0.2, .mean), ("ignore 3, sum", 3, 0, .sum),
        ]
        let validTargets = targets.map { $0 == -100 ? 1 : $0 }
        for (name, ignoreIndex, smoothing, reduction) in variants {
            let rowTargets = ignoreIndex == -100 ? targets : validTargets
            assertGradientsMatchFiniteDifferences("cross_entropy \(name)", [logits]) {
                [crossEntropy(logits: $0[0], targets: rowTargets, ignoreIndex: ignoreIndex,
                              labelSmoothing: smoothing, reduction: reduction)]
            }
        }
        assertGradientsMatchFiniteDifferences("cross_entropy 3-d logits", [logits.reshaped([2, 3, 5])]) {
            [crossEntropy(logits: $0[0], targets: validTargets)]
        }
        let prediction = inputs.normal([3, 4]), target = inputs.normal([3, 4])
        assertGradientsMatchFiniteDifferences("mse mean", [prediction, target]) { [meanSquaredError($0[0], $0[1])] }
        assertGradientsMatchFiniteDifferences("mse sum", [prediction, target]) {
            [meanSquaredError($0[0], $0[1], reduction: .sum)]
        }
    }

    func testDropoutWithAFixedMask() {
        let x = TestInputs(seed: 14).normal([40])
        // A fresh generator with the same seed on every evaluation draws the same mask.
        assertGradientsMatchFiniteDifferences("dropout 0.3", [x]) { [$0[0].dropout(0.3, generator: RandomGenerator(seed: 5))] }
    }

    /// A small network through many ops at once: the graph plumbing (shared intermediates,
    /// broadcasting, views) must agree with finite differences end to end.
    func testComposedNetwork() {
        let inputs = TestInputs(seed: 15)
        let x = inputs.normal([2, 3, 4]), w1 = inputs.normal([4, 6], std: 0.5), b1 = inputs.normal([6])
        let gamma = inputs.normal([6]), w2 = inputs.normal([6, 5], std: 0.5)
        assertGradientsMatchFiniteDifferences("composed network", [x, w1, b1, gamma, w2]) { p in
            let hidden = (matmul(p[0], p[1]) + p[2]).gelu()
            let normalized = hidden.layerNorm(weight: p[3], bias: nil)
            let residual = normalized + hidden.tanh() * normalized.sigmoid()
            let logits = matmul(residual.reshaped([6, 6]), p[4])
            return [crossEntropy(logits: logits, targets: [0, 1, 2, 3, 4, 0], labelSmoothing: 0.1)]
        }
    }

    /// The harness itself must catch a wrong backward: a square whose recorded derivative is 1.
    func testHarnessReportsAWrongGradient() {
        let x = TestInputs(seed: 16).normal([5])
        let mismatches = GradientCheck().mismatches([x]) { p in
            [mapTensor(p[0]) { $0 * $0 }.recorded("wrong_square", [p[0]]) { g in [g] }]
        }
        XCTAssertEqual(mismatches.count, 5, "every element of a wrong gradient should be reported: \(mismatches)")
    }
}

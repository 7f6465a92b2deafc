import SmithyNN
import SmithyTensor
import XCTest

/// Initialisers follow PyTorch's definitions: bounds, spreads and fans. The statistical checks use
/// tens of thousands of draws, with tolerances of several standard errors.
final class InitializerTests: XCTestCase {
    func testLinearWeightAndBiasAreUniformWithinOneOverSquareRootOfFanIn() {
        let linear = Linear(256, 128, generator: RandomGenerator(seed: 1))
        let bound: Float = 1 / 16
        assertUniform(linear.weight.scalars, bound: bound, what: "weight")
        let bias = linear.bias!.scalars
        XCTAssertEqual(bias.count, 128)
        XCTAssertTrue(bias.allSatisfy { abs($0) <= bound }, "bias within ±1/√256")
        XCTAssertGreaterThan(bias.map(abs).max()!, 0.9 * bound, "bias spreads over its whole range")
    }

    func testXavierUniformBoundUsesBothFans() {
        let gain: Float = 2
        let tensor = Tensor.parameter([96, 160], .xavierUniform(gain: gain), generator: RandomGenerator(seed: 2))
        assertUniform(tensor.scalars, bound: gain * (6 / Float(160 + 96)).squareRoot(), what: "xavier")
    }

    func testKaimingUniformBoundUsesReceptiveFieldOfConvolutionWeights() {
        // [out 64, in 32, 3, 3]: fan_in = 288; a = 0 gives gain √2 and bound √2·√(3/288) = √(1/48).
        let tensor = Tensor.parameter([64, 32, 3, 3], .kaimingUniform(a: 0), generator: RandomGenerator(seed: 3))
        assertUniform(tensor.scalars, bound: (1 / Float(48)).squareRoot(), what: "kaiming")
    }

    func testNormalHasTheRequestedStandardDeviation() {
        let values = Tensor.parameter([200, 100], .normal(std: 0.02), generator: RandomGenerator(seed: 4)).scalars
        let (mean, std) = meanAndStandardDeviation(values)
        XCTAssertEqual(mean, 0, accuracy: 5 * 0.02 / Float(values.count).squareRoot())
        XCTAssertEqual(std, 0.02, accuracy: 0.02 * 0.03)
    }

    func testEmbeddingStartsStandardNormalWithAZeroPaddingRow() {
        let embedding = Embedding(count: 1000, dimension: 32, paddingIndex: 3, generator: RandomGenerator(seed: 5))
        let values = embedding.weight.scalars
        XCTAssertEqual(Array(values[(3 * 32)..<(4 * 32)]), [Float](repeating: 0, count: 32))
        XCTAssertEqual(meanAndStandardDeviation(values).std, 1, accuracy: 0.03)
    }

    func testNormalizationLayersStartAsTheIdentityTransform() {
        let layerNorm = LayerNorm(5), rmsNorm = RMSNorm(5)
        XCTAssertEqual(layerNorm.weight?.scalars, [1, 1, 1, 1, 1])
        XCTAssertEqual(layerNorm.bias?.scalars, [0, 0, 0, 0, 0])
        XCTAssertEqual(rmsNorm.weight?.scalars, [1, 1, 1, 1, 1])
        XCTAssertTrue(layerNorm.parameters.allSatisfy(\.requiresGrad) && rmsNorm.parameters.allSatisfy(\.requiresGrad))
    }

    func testFansOfMatrixAndConvolutionShapes() {
        XCTAssertTrue(Initializer.fans([8, 4]) == (fanIn: 4, fanOut: 8))
        XCTAssertTrue(Initializer.fans([16, 3, 5, 5]) == (fanIn: 75, fanOut: 400))
    }

    func testSameSeedGivesSameWeightsAndAnotherSeedDifferentOnes() {
        let first = Linear(10, 7, generator: RandomGenerator(seed: 42))
        let second = Linear(10, 7, generator: RandomGenerator(seed: 42))
        let other = Linear(10, 7, generator: RandomGenerator(seed: 43))
        XCTAssertTrue(bitIdentical(first.weight, second.weight) && bitIdentical(first.bias!, second.bias!))
        XCTAssertFalse(bitIdentical(first.weight, other.weight))
    }

    /// Values within ±bound that reach close to it, centred, with the standard deviation of
    /// U(−bound, bound), bound/√3.
    private func assertUniform(_ values: [Float], bound: Float, what: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(values.count, 10_000, "enough draws for the statistics", file: file, line: line)
        XCTAssertTrue(values.allSatisfy { abs($0) <= bound }, "\(what) within ±\(bound)", file: file, line: line)
        XCTAssertGreaterThan(values.map(abs).max()!, 0.99 * bound, "\(what) reaches its bound", file: file, line: line)
        let (mean, std) = meanAndStandardDeviation(values)
        XCTAssertEqual(mean, 0, accuracy: bound * 0.03, "\(what) mean", file: file, line: line)
        XCTAssertEqual(std, bound / Float(3).squareRoot(), accuracy: bound * 0.02, "\(what) std", file: file, line: line)
    }

    private func meanAndStandardDeviation(_ values: [Float]) -> (mean: Float, std: Float) {
        let n = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        return (Float(mean), Float(variance.squareRoot()))
    }
}

import XCTest
@testable import SmithyTensor

/// The seeded generator (xoshiro256** seeded by SplitMix64), its distributions, and dropout.
final class RandomGeneratorTests: XCTestCase {
    private func draws(_ generator: RandomGenerator, _ count: Int) -> [UInt64] {
        (0..<count).map { _ in generator.next() }
    }

    private func meanAndStandardDeviation(_ values: [Float]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// Values from an independent Python implementation of SplitMix64 seeding + xoshiro256**:
    /// the sequence of a seed must never change between versions or machines.
    func testSequenceMatchesTheReferenceAlgorithm() {
        XCTAssertEqual(draws(RandomGenerator(seed: 42), 3), [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
        XCTAssertEqual(draws(RandomGenerator(seed: 0), 3), [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
    }

    func testSameSeedGivesTheSameSequence() {
        XCTAssertEqual(draws(RandomGenerator(seed: 1234), 1000), draws(RandomGenerator(seed: 1234), 1000))
        let a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        XCTAssertEqual(Tensor.randomNormal([50], generator: a).scalars, Tensor.randomNormal([50], generator: b).scalars)
    }

    func testDifferentSeedsGiveDifferentSequences() {
        let first = draws(RandomGenerator(seed: 1), 100), second = draws(RandomGenerator(seed: 2), 100)
        XCTAssertEqual(zip(first, second).filter { $0 == $1 }.count, 0)
    }

    func testSavedStateResumesTheSequence() {
        let generator = RandomGenerator(seed: 77)
        _ = draws(generator, 10)
        let saved = generator.state
        let expected = draws(generator, 20)
        let resumed = RandomGenerator(seed: 0)
        resumed.state = saved
        XCTAssertEqual(draws(resumed, 20), expected)
    }

    func testUniformIsInUnitIntervalWithTheRightMoments() {
        let generator = RandomGenerator(seed: 3)
        let values = (0..<100_000).map { _ in generator.nextUniform() }
        XCTAssertTrue(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let (mean, std) = meanAndStandardDeviation(values)
        // Standard errors: mean 0.29/√n ≈ 9e-4, std ≈ 6e-4; bounds are ~5 standard errors.
        XCTAssertEqual(mean, 0.5, accuracy: 0.005)
        XCTAssertEqual(std, (1.0 / 12).squareRoot(), accuracy: 0.003)
        let uniform = Tensor.randomUniform([10_000], low: -2, high: 3, generator: generator).scalars
        XCTAssertTrue(uniform.allSatisfy { $0 >= -2 && $0 < 3 })
        XCTAssertEqual(meanAndStandardDeviation(uniform).mean, 0.5, accuracy: 0.1)
    }

    func testNormalHasTheRequestedMeanAndStandardDeviation() {
        let generator = RandomGenerator(seed: 4)
        let standard = (0..<100_000).map { _ in generator.nextNormal() }
        let (mean, std) = meanAndStandardDeviation(standard)
        // Standard errors over 100k draws: mean 3.2e-3, std 2.2e-3; bounds are ~5 standard errors.
        XCTAssertEqual(mean, 0, accuracy: 0.015)
        XCTAssertEqual(std, 1, accuracy: 0.011)
        let within1 = Double(standard.filter { abs($0) < 1 }.count) / Double(standard.count)
        XCTAssertEqual(within1, 0.6827, accuracy: 0.008, "normal shape: P(|z| < 1)")

        let shifted = Tensor.randomNormal([100_000], mean: 3, std: 2, generator: generator).scalars
        let moments = meanAndStandardDeviation(shifted)
        XCTAssertEqual(moments.mean, 3, accuracy: 0.03)
        XCTAssertEqual(moments.std, 2, accuracy: 0.022)
    }

    func testIndexBelowCoversTheRangeEvenly() {
        let generator = RandomGenerator(seed: 5)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<50_000 { counts[generator.nextIndex(below: 10)] += 1 }
        // Expected 5000 per bucket, standard deviation ≈ 67.
        for (bucket, count) in counts.enumerated() { XCTAssertEqual(Double(count), 5000, accuracy: 350, "bucket \(bucket)") }
    }

    func testDropoutKeepsAboutOneMinusPScaledByItsInverse() {
        let p: Float = 0.3
        let x = Tensor.ones([100_000])
        let dropped = x.dropout(p, generator: RandomGenerator(seed: 6)).scalars
        let kept = dropped.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { $0 == 1 / (1 - p) }, "kept values are scaled by exactly 1/(1 − p)")
        // Standard error of the kept fraction: √(0.21/1e5) ≈ 1.4e-3.
        XCTAssertEqual(Double(kept.count) / Double(dropped.count), 0.7, accuracy: 0.007)
        let mean = meanAndStandardDeviation(dropped).mean
        XCTAssertEqual(mean, 1, accuracy: 0.01, "inverted dropout preserves the mean")
    }

    func testDropoutMaskDependsOnlyOnTheSeedAndIsUsedByBackward() {
        let x = Tensor((0..<64).map { Float($0) + 1 }, shape: [8, 8], requiresGrad: true)
        let first = x.dropout(0.5, generator: RandomGenerator(seed: 8))
        let second = x.dropout(0.5, generator: RandomGenerator(seed: 8))
        let other = x.dropout(0.5, generator: RandomGenerator(seed: 9))
        XCTAssertEqual(first.scalars, second.scalars)
        XCTAssertNotEqual(first.scalars, other.scalars)
        first.backward(Tensor.ones([8, 8]))
        let mask = zip(first.scalars, x.scalars).map { $0 / $1 }
        XCTAssertEqual(x.grad?.scalars, mask, "the gradient is the same mask (0 or 2)")
        XCTAssertTrue(mask.allSatisfy { $0 == 0 || $0 == 2 })
    }

    func testDropoutMaskFollowsTheDocumentedDrawRule() {
        // Two elements per 64-bit draw: bits 40–63 for even elements, 16–39 for odd; an odd count
        // uses only the high half of its last draw.
        let p: Float = 0.4, count = 101
        let mask = DropoutMask(count: count, probability: p, generator: RandomGenerator(seed: 12))
        let reference = RandomGenerator(seed: 12)
        let threshold = UInt64(Double(p) * Double(1 << 24))
        var expected = [Float]()
        while expected.count < count {
            let bits = reference.next()
            expected.append((bits >> 40) < threshold ? 0 : 1 / (1 - p))
            if expected.count < count { expected.append(((bits >> 16) & 0xFF_FFFF) < threshold ? 0 : 1 / (1 - p)) }
        }
        XCTAssertEqual(mask.multipliers([count]).scalars, expected)
        XCTAssertTrue(expected.contains(0) && expected.contains(1 / (1 - p)))
    }

    func testDropoutMaskAppliesAtAnyOffsetAndInPlace() {
        let count = 203
        let mask = DropoutMask(count: count, probability: 0.25, generator: RandomGenerator(seed: 13))
        let multipliers = mask.multipliers([count]).scalars
        let source = (0..<count).map { Float($0) - 50.5 }
        for (first, length) in [(0, 203), (0, 31), (5, 27), (5, 90), (31, 33), (64, 139), (200, 3), (7, 0)] {
            var output = [Float](repeating: .nan, count: length)
            source.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer {
                    mask.apply(source.baseAddress! + first, elementsFrom: first, count: length, to: $0.baseAddress!)
                }
            }
            XCTAssertEqual(output, (first..<first + length).map { source[$0] * multipliers[$0] }, "elements \(first) + \(length)")
            var inPlace = Array(source[first..<first + length])
            inPlace.withUnsafeMutableBufferPointer {
                mask.apply($0.baseAddress!, elementsFrom: first, count: length, to: $0.baseAddress!)
            }
            XCTAssertEqual(inPlace, output, "in place, elements \(first) + \(length)")
        }
    }

    func testDropoutWithZeroProbabilityIsTheIdentity() {
        let x = Tensor([1, 2, 3], shape: [3])
        XCTAssertTrue(x.dropout(0, generator: RandomGenerator(seed: 1)) === x)
    }
}

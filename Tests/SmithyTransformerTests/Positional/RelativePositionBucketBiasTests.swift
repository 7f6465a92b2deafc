import SmithyTensor
import SmithyTransformer
import XCTest

/// T5 bucketed relative position bias against transformers' `T5Attention`.
final class RelativePositionBucketBiasTests: XCTestCase {
    func testBucketsMatchTransformersForEveryDistance() throws {
        let fixture = try Fixture("positional/t5.safetensors")
        let distances = try fixture.tensor("distances").scalars.map { Int($0) }
        for bidirectional in [true, false] {
            for (buckets, maxDistance) in [(32, 128), (16, 20), (8, 16)] {
                let key = "buckets_\(bidirectional ? "bi" : "causal")_\(buckets)_\(maxDistance)"
                let expected = try fixture.tensor(key).scalars.map { Int($0) }
                let actual = distances.map {
                    RelativePositionBucketBias.bucket(relativePosition: $0, bidirectional: bidirectional, buckets: buckets, maxDistance: maxDistance)
                }
                XCTAssertEqual(actual, expected, key)
            }
        }
    }

    func testBiasAndTableGradient() throws {
        let fixture = try Fixture("positional/t5.safetensors")
        for (isCausal, name) in [(false, "bi"), (true, "causal")] {
            let strategy = try makeStrategy(fixture.tensor("\(name)_table"))
            let positions = TokenPositions.sequential(length: 40)
            let bias = strategy.bias(query: .zeros([1, 3, 40, 4]), queryPositions: positions, keyPositions: positions, heads: 3, isCausal: isCausal)
            XCTAssertTrue(bias.requiresGradient)
            let scores = bias.scores(queries: 0..<40, keys: 0..<40)
            let expected = try fixture.tensor("\(name)_out")
            assertClose(scores, expected, atol: 1e-6, rtol: 1e-6, "T5 \(name) bias")
            assertClose(bias.scores(queries: 10..<17, keys: 30..<40),
                        expected.slice(axis: 2, 10..<17).slice(axis: 3, 30..<40), atol: 1e-6, rtol: 1e-6, "T5 \(name) tile")
            scores.backward(try fixture.tensor("\(name)_cot"))
            assertClose(strategy.weight.grad!, try fixture.tensor("\(name)_grad_table"), atol: 1e-5, rtol: 1e-5, "T5 \(name) table gradient")
        }
    }

    func testCustomValuesBucketTheRoundedDifference() throws {
        let fixture = try Fixture("positional/t5.safetensors")
        let strategy = try makeStrategy(fixture.tensor("bi_table"))
        let bias = strategy.bias(query: .zeros([2, 3, 3, 4]),
                                 queryPositions: .custom(try fixture.tensor("custom_query_values").scalars, batch: 2, length: 3),
                                 keyPositions: .custom(try fixture.tensor("custom_key_values").scalars, batch: 2, length: 4),
                                 heads: 3, isCausal: false)
        assertClose(bias.scores(queries: 0..<3, keys: 0..<4), try fixture.tensor("custom_out"), atol: 1e-6, rtol: 1e-6, "T5 custom values")
    }

    private func makeStrategy(_ table: Tensor) throws -> RelativePositionBucketBias {
        let strategy = RelativePositionBucketBias(heads: 3, std: 1, generator: RandomGenerator(seed: 0))
        try strategy.load(["weight": table])
        return strategy
    }
}

import SmithyTensor
import SmithyTransformer
import XCTest

/// Shaw relative positions (key term) against a direct PyTorch implementation.
final class ShawRelativePositionsTests: XCTestCase {
    func testScoresAndGradientsToQueryAndTable() throws {
        let fixture = try Fixture("positional/shaw.safetensors")
        let strategy = try makeStrategy(fixture)
        let query = try fixture.tensor("q")
        query.requiresGrad = true
        let positions = TokenPositions.sequential(length: 6)
        let bias = strategy.bias(query: query, queryPositions: positions, keyPositions: positions, heads: 3, isCausal: false)
        let scores = bias.scores(queries: 0..<6, keys: 0..<6)
        let expected = try fixture.tensor("out")
        assertClose(scores, expected, atol: 1e-5, rtol: 1e-5, "Shaw scores")
        assertClose(bias.scores(queries: 2..<5, keys: 1..<4),
                    expected.slice(axis: 2, 2..<5).slice(axis: 3, 1..<4), atol: 1e-5, rtol: 1e-5, "Shaw tile")
        scores.backward(try fixture.tensor("cot"))
        assertClose(query.grad!, try fixture.tensor("grad_q"), atol: 1e-5, rtol: 1e-5, "Shaw query gradient")
        assertClose(strategy.keyWeight.grad!, try fixture.tensor("grad_table"), atol: 1e-5, rtol: 1e-5, "Shaw table gradient")
    }

    func testCustomValuesUseRoundedClippedDifference() throws {
        let fixture = try Fixture("positional/shaw.safetensors")
        let positions = TokenPositions.custom(try fixture.tensor("custom_values").scalars, batch: 2, length: 6)
        let bias = try makeStrategy(fixture).bias(query: try fixture.tensor("q"), queryPositions: positions,
                                                  keyPositions: positions, heads: 3, isCausal: false)
        assertClose(bias.scores(queries: 0..<6, keys: 0..<6), try fixture.tensor("custom_out"), atol: 1e-5, rtol: 1e-5, "Shaw custom values")
    }

    private func makeStrategy(_ fixture: Fixture) throws -> ShawRelativePositions {
        let strategy = ShawRelativePositions(headDimension: 4, maxDistance: 2, generator: RandomGenerator(seed: 0))
        try strategy.load(["keyWeight": fixture.tensor("table")])
        return strategy
    }
}

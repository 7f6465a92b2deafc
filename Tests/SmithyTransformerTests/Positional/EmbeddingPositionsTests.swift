import SmithyTensor
import SmithyTransformer
import XCTest

/// Sinusoidal and learned positions against the PyTorch formulas, sequential and custom values.
final class EmbeddingPositionsTests: XCTestCase {
    func testSinusoidalTableMatchesOriginalFormula() throws {
        let fixture = try Fixture("positional/sinusoidal.safetensors")
        let expected = try fixture.tensor("table")
        let sinusoidal = SinusoidalPositions()
        // The first call (with an offset) builds the cached table; the next two read views of it or grow it.
        for (length, offset) in [(3, 2), (6, 0), (4, 1)] {
            assertClose(sinusoidal.embedding(for: .sequential(length: length, offset: offset), dimension: 10),
                        expected.slice(axis: 0, offset..<(offset + length)).reshaped([1, length, 10]),
                        atol: 1e-6, rtol: 1e-5, "sinusoidal rows \(offset)..<\(offset + length)")
        }
    }

    func testSinusoidalUsesCustomValuesAsPositions() throws {
        let fixture = try Fixture("positional/sinusoidal.safetensors")
        let values = try fixture.tensor("custom_values").scalars
        let table = SinusoidalPositions().embedding(for: .custom(values, batch: 2, length: 3), dimension: 10)
        assertClose(table, try fixture.tensor("custom_table"), atol: 2e-5, rtol: 1e-5, "sinusoidal custom values")
    }

    func testLearnedLooksUpPositionsAndSendsGradientToTable() throws {
        let fixture = try Fixture("positional/learned.safetensors")
        let learned = try makeLearned(fixture)
        let out = learned.embedding(for: .sequential(length: 5), dimension: 6)
        assertClose(out, try fixture.tensor("out"), atol: 1e-6, rtol: 1e-6, "learned positions")
        out.backward(try fixture.tensor("cot"))
        assertClose(learned.weight.grad!, try fixture.tensor("grad_weight"), atol: 1e-6, rtol: 1e-5, "learned table gradient")
    }

    func testLearnedRoundsCustomValuesToIndices() throws {
        let fixture = try Fixture("positional/learned.safetensors")
        let learned = try makeLearned(fixture)
        let values = try fixture.tensor("custom_values").scalars
        let out = learned.embedding(for: .custom(values, batch: 2, length: 3), dimension: 6)
        assertClose(out, try fixture.tensor("custom_out"), atol: 1e-6, rtol: 1e-6, "learned custom values")
        out.backward(try fixture.tensor("custom_cot"))
        assertClose(learned.weight.grad!, try fixture.tensor("custom_grad_weight"), atol: 1e-6, rtol: 1e-5, "learned custom gradient")
    }

    func testLearnedInitialisationUsesRequestedStandardDeviation() {
        let learned = LearnedPositions(maxLength: 100, dimension: 50, std: 0.02, generator: RandomGenerator(seed: 1))
        let values = learned.weight.scalars
        let std = (values.map { $0 * $0 }.reduce(0, +) / Float(values.count)).squareRoot()
        XCTAssertEqual(std, 0.02, accuracy: 0.001)
    }

    private func makeLearned(_ fixture: Fixture) throws -> LearnedPositions {
        let learned = LearnedPositions(maxLength: 8, dimension: 6, generator: RandomGenerator(seed: 0))
        try learned.load(["weight": fixture.tensor("weight")])
        return learned
    }
}

import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// The manager with every strategy at once against a PyTorch twin, with none, and built from a configuration.
final class PositionalEncodingsTests: XCTestCase {
    func testAllStrategiesAtOnceInMultiheadAttentionMatchPyTorch() throws {
        let fixture = try Fixture("positional/all_at_once.safetensors")
        let generator = RandomGenerator(seed: 0)
        let learned = LearnedPositions(maxLength: 10, dimension: 8, generator: generator)
        let t5 = RelativePositionBucketBias(heads: 2, buckets: 8, maxDistance: 16, std: 1, generator: generator)
        let shaw = ShawRelativePositions(headDimension: 4, maxDistance: 2, generator: generator)
        try learned.load(["weight": fixture.tensor("learned")])
        try t5.load(["weight": fixture.tensor("t5")])
        try shaw.load(["keyWeight": fixture.tensor("shaw")])
        let encodings = PositionalEncodings([SinusoidalPositions(), learned, RotaryPositions(headDimension: 4),
                                             ALiBiBias(heads: 2), t5, shaw])
        XCTAssertEqual(encodings.parameters.count, 3, "learned, T5 and Shaw tables train with the model")
        let attention = MultiheadAttention(modelDimension: 8, heads: 2, method: ScaledDotProductAttention(generator: generator),
                                           generator: generator)
        let projections = ["query", "key", "value", "output"].flatMap { ["\($0).weight", "\($0).bias"] }
        try attention.load(Dictionary(uniqueKeysWithValues: try projections.map { ($0, try fixture.tensor($0)) }))

        let x = try fixture.tensor("x")
        x.requiresGrad = true
        func run(isCausal: Bool) -> Tensor {
            let positions = TokenPositions.sequential(length: 5)
            let embedded = encodings.embed(x, positions: positions)
            return attention(embedded, keysAndValues: embedded, mask: AttentionMask(keyLength: 5, isCausal: isCausal),
                             positional: encodings, queryPositions: positions, keyPositions: positions, isSelfAttention: true)
        }
        let out = run(isCausal: false)
        assertClose(out, try fixture.tensor("out"), atol: 1e-5, rtol: 1e-4, "all strategies output")
        out.backward(try fixture.tensor("cot"))
        assertClose(x.grad!, try fixture.tensor("grad_x"), atol: 1e-5, rtol: 1e-4, "input gradient")
        for name in projections {
            let parameter = try XCTUnwrap(attention.namedParameters().first { $0.name == name }?.tensor)
            assertClose(parameter.grad!, try fixture.tensor("grad_" + name), atol: 1e-5, rtol: 1e-4, "gradient of \(name)")
        }
        assertClose(learned.weight.grad!, try fixture.tensor("grad_learned"), atol: 1e-5, rtol: 1e-4, "learned table gradient")
        assertClose(t5.weight.grad!, try fixture.tensor("grad_t5"), atol: 1e-5, rtol: 1e-4, "T5 table gradient")
        assertClose(shaw.keyWeight.grad!, try fixture.tensor("grad_shaw"), atol: 1e-5, rtol: 1e-4, "Shaw table gradient")

        let causal = GradientMode.withoutGradients { run(isCausal: true) }
        assertClose(causal, try fixture.tensor("out_causal"), atol: 1e-5, rtol: 1e-4, "all strategies, causal")
    }

    func testManagerWithoutStrategiesReturnsInputsUnchanged() {
        let encodings = PositionalEncodings([])
        let tokens = Tensor.zeros([1, 3, 4]), perHead = Tensor.zeros([1, 2, 3, 2])
        let positions = TokenPositions.sequential(length: 3)
        XCTAssertTrue(encodings.embed(tokens, positions: positions) === tokens)
        XCTAssertTrue(encodings.transform(perHead, positions: positions, isSelfAttention: true) === perHead)
        XCTAssertNil(encodings.scoreBias(query: perHead, queryPositions: positions, keyPositions: positions,
                                         heads: 2, isCausal: false, isSelfAttention: true))
    }

    func testCrossAttentionSkipsQueryKeyAndScoreStrategies() {
        let encodings = PositionalEncodings([RotaryPositions(headDimension: 2), ALiBiBias(heads: 2)])
        let perHead = Tensor.ones([1, 2, 3, 2])
        let positions = TokenPositions.sequential(length: 3)
        XCTAssertTrue(encodings.transform(perHead, positions: positions, isSelfAttention: false) === perHead)
        XCTAssertNil(encodings.scoreBias(query: perHead, queryPositions: positions, keyPositions: .sequential(length: 5),
                                         heads: 2, isCausal: false, isSelfAttention: false))
        XCTAssertNotNil(encodings.scoreBias(query: perHead, queryPositions: positions, keyPositions: positions,
                                            heads: 2, isCausal: false, isSelfAttention: true))
    }

    func testConfigurationWithNothingOnMakesNoEncodings() throws {
        let decoded = try JSONDecoder().decode(PositionalConfiguration.self, from: Data("{}".utf8))
        XCTAssertEqual(decoded, PositionalConfiguration())
        XCTAssertNil(decoded.makeEncodings(modelDimension: 8, heads: 2, generator: RandomGenerator(seed: 0)))
    }

    func testConfigurationBuildsEveryStrategyAndRoundTrips() throws {
        let configuration = PositionalConfiguration(
            sinusoidal: true, learned: .init(maxLength: 16, std: 0.02), rotary: .init(convention: .halfSplit, base: 500, fraction: 0.5),
            alibi: true, t5Bias: .init(buckets: 8, maxDistance: 16), shaw: .init(maxDistance: 3))
        let decoded = try JSONDecoder().decode(PositionalConfiguration.self, from: JSONEncoder().encode(configuration))
        XCTAssertEqual(decoded, configuration)
        let encodings = try XCTUnwrap(configuration.makeEncodings(modelDimension: 24, heads: 3, generator: RandomGenerator(seed: 0)))
        let kinds = encodings.strategies.map { String(describing: type(of: $0)) }
        XCTAssertEqual(kinds, ["SinusoidalPositions", "LearnedPositions", "RotaryPositions", "ALiBiBias",
                               "RelativePositionBucketBias", "ShawRelativePositions"])
        let rotary = try XCTUnwrap(encodings.strategies[2] as? RotaryPositions)
        XCTAssertEqual([rotary.rotatedDimension, rotary.headDimension], [4, 8])
        XCTAssertEqual(rotary.convention, .halfSplit)
        XCTAssertEqual((encodings.strategies[3] as? ALiBiBias)?.slopes, ALiBiBias.paperSlopes(heads: 3))
        XCTAssertEqual((encodings.strategies[4] as? RelativePositionBucketBias)?.weight.shape, [8, 3])
        XCTAssertEqual((encodings.strategies[5] as? ShawRelativePositions)?.keyWeight.shape, [7, 8])
    }
}

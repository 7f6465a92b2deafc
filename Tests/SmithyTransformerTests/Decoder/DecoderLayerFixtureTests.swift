import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// DecoderLayer against a float64 PyTorch twin (reference/transformer/decoder/): output and the
/// gradients of sum(output · cotangent) for target, memory and every parameter, pre- and post-norm,
/// with target and source padding.
final class DecoderLayerFixtureTests: XCTestCase {
    func testPreNormMatchesPyTorch() throws { try check("decoder_layer_pre", placement: .pre) }

    func testPostNormMatchesPyTorch() throws { try check("decoder_layer_post", placement: .post) }

    private func check(_ name: String, placement: NormPlacement) throws {
        let fixture = try Fixture("decoder/\(name).safetensors")
        let input = try fixture.tensor("input"), memory = try fixture.tensor("memory")
        let (dimension, heads) = (input.shape[2], 2)
        let generator = RandomGenerator(seed: 1)
        func attention() -> MultiheadAttention {
            MultiheadAttention(modelDimension: dimension, heads: heads, method: ScaledDotProductAttention(generator: generator),
                               generator: generator)
        }
        func sublayer() -> ResidualSublayer {
            ResidualSublayer(dimension: dimension, placement: placement, normalization: .layerNorm, epsilon: 1e-5,
                             dropout: 0, generator: generator)
        }
        let layer = DecoderLayer(
            selfAttention: attention(), crossAttention: attention(),
            feedForward: FeedForwardNetwork(modelDimension: dimension, hiddenDimension: 16, activation: .relu, dropout: 0,
                                            generator: generator),
            selfAttentionSublayer: sublayer(), crossAttentionSublayer: sublayer(), feedForwardSublayer: sublayer())
        try layer.load(decoderFixtureParameters(fixture))
        input.requiresGrad = true
        memory.requiresGrad = true
        let targetIsToken = try fixture.tensor("targetIsToken").scalars.map { $0 != 0 }
        let sourceIsToken = try fixture.tensor("sourceIsToken").scalars.map { $0 != 0 }
        let (targetLength, sourceLength) = (input.shape[1], memory.shape[1])
        let output = layer(input, memory: memory,
                           targetMask: AttentionMask(keyIsToken: targetIsToken, keyLength: targetLength, isCausal: true),
                           memoryMask: AttentionMask(keyIsToken: sourceIsToken, keyLength: sourceLength),
                           positional: nil, positions: .sequential(length: targetLength),
                           memoryPositions: .sequential(length: sourceLength))
        assertClose(output, try fixture.tensor("output"), atol: 1e-5, rtol: 1e-4, "\(name) output")
        output.backward(try fixture.tensor("cotangent"))
        assertClose(input.grad!, try fixture.tensor("grad.input"), atol: 1e-4, rtol: 1e-4, "\(name) input gradient")
        assertClose(memory.grad!, try fixture.tensor("grad.memory"), atol: 1e-4, rtol: 1e-4, "\(name) memory gradient")
        for (parameterName, parameter) in layer.namedParameters() {
            let expected = try fixture.tensor("grad.\(parameterName)")
            XCTAssertNotNil(parameter.grad, "\(parameterName) got no gradient")
            assertClose(parameter.grad ?? .zeros(expected.shape), expected, atol: 1e-4, rtol: 1e-4, "\(name) gradient of \(parameterName)")
        }
    }
}

/// The fixture's `param.` tensors under their Swift names.
func decoderFixtureParameters(_ fixture: Fixture) -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: fixture.tensors.compactMap { key, value in
        key.hasPrefix("param.") ? (String(key.dropFirst("param.".count)), value) : nil
    })
}

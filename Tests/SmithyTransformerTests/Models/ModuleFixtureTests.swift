import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// Spine modules against PyTorch (reference/transformer/modules/make_module_fixtures.py): weights
/// from the fixture loaded by Swift name, outputs and the gradients of sum(output · cotangent) for
/// every input and parameter compared element-wise.
final class ModuleFixtureTests: XCTestCase {
    func testMultiheadAttentionSelfCrossCausalPadded() throws {
        for name in ["mha_self_padded", "mha_self_causal_padded", "mha_cross_padded"] {
            let fixture = try Fixture("modules/\(name).safetensors")
            let config = try XCTUnwrap(fixture.json("config") as? [String: Any])
            let cross = try XCTUnwrap(config["cross"] as? Bool)
            let attention = MultiheadAttention(modelDimension: config["dimension"] as! Int, heads: config["heads"] as! Int,
                                               method: ScaledDotProductAttention(generator: RandomGenerator(seed: 1)),
                                               generator: RandomGenerator(seed: 1))
            let queries = try input(fixture, "queries")
            let keysAndValues = cross ? try input(fixture, "keysAndValues") : queries
            let keyLength = keysAndValues.shape[1]
            let mask = AttentionMask(keyIsToken: padding(config, length: keyLength), keyLength: keyLength,
                                     isCausal: config["causal"] as! Bool)
            try check(fixture, attention, inputs: cross ? ["queries", "keysAndValues"] : ["queries"]) { _ in
                attention(queries, keysAndValues: keysAndValues, mask: mask, positional: nil,
                          queryPositions: .sequential(length: queries.shape[1]), keyPositions: .sequential(length: keyLength),
                          isSelfAttention: !cross)
            }
        }
    }

    func testEncoderLayerPreAndPostNormWithLayerNormAndRMSNorm() throws {
        for name in ["encoder_layer_pre_layernorm", "encoder_layer_pre_rmsnorm", "encoder_layer_post_layernorm",
                     "encoder_layer_post_rmsnorm"] {
            let fixture = try Fixture("modules/\(name).safetensors")
            let config = try XCTUnwrap(fixture.json("config") as? [String: Any])
            let encoder = EncoderStack(configuration(config, layers: 1, finalNorm: false), generator: RandomGenerator(seed: 2))
            try check(fixture, encoder.layers[0], inputs: ["x"]) { x in
                encoder.layers[0](x, mask: AttentionMask(keyIsToken: padding(config, length: x.shape[1]), keyLength: x.shape[1]),
                                  positional: nil, positions: .sequential(length: x.shape[1]))
            }
        }
    }

    func testTwoLayerPreNormEncoderWithFinalNorm() throws {
        let fixture = try Fixture("modules/encoder_stack_pre_final_norm.safetensors")
        let config = try XCTUnwrap(fixture.json("config") as? [String: Any])
        let encoder = EncoderStack(configuration(config, layers: 2, finalNorm: true), generator: RandomGenerator(seed: 3))
        try check(fixture, encoder, inputs: ["x"]) { x in
            encoder(x, mask: AttentionMask(keyIsToken: padding(config, length: x.shape[1]), keyLength: x.shape[1]),
                    positional: nil, positions: .sequential(length: x.shape[1]))
        }
    }

    func testFeedForwardWithEveryActivation() throws {
        for activation in Activation.allCases {
            let fixture = try Fixture("modules/ffn_\(activation.rawValue).safetensors")
            let config = try XCTUnwrap(fixture.json("config") as? [String: Any])
            let network = FeedForwardNetwork(modelDimension: config["dimension"] as! Int,
                                             hiddenDimension: config["feed_forward"] as! Int, activation: activation,
                                             dropout: 0, generator: RandomGenerator(seed: 4))
            try check(fixture, network, inputs: ["x"]) { network($0) }
        }
    }

    // MARK: - Helpers

    /// Loads the fixture's `param.*` into `module`, runs `forward` on the first input, back-propagates
    /// the cotangent and compares output, input gradients and parameter gradients.
    private func check(_ fixture: Fixture, _ module: Module, inputs: [String], forward: (Tensor) -> Tensor,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let prefix = "param."
        try module.load(Dictionary(uniqueKeysWithValues: fixture.tensors.filter { $0.key.hasPrefix(prefix) }
            .map { (String($0.key.dropFirst(prefix.count)), $0.value) }))
        module.eval()
        let first = try input(fixture, inputs[0])
        let output = forward(first)
        assertClose(output, try fixture.tensor("output"), atol: 1e-5, rtol: 1e-4, "\(fixture.name) output", file: file, line: line)
        output.backward(try fixture.tensor("cotangent"))
        for name in inputs {
            let gradient = try XCTUnwrap(try input(fixture, name).grad, "\(fixture.name): no gradient for \(name)", file: file, line: line)
            assertClose(gradient, try fixture.tensor("grad.input.\(name)"), atol: 1e-5, rtol: 1e-4,
                        "\(fixture.name) gradient of \(name)", file: file, line: line)
        }
        for (name, parameter) in module.namedParameters() {
            let gradient = try XCTUnwrap(parameter.grad, "\(fixture.name): no gradient for \(name)", file: file, line: line)
            assertClose(gradient, try fixture.tensor("grad.\(name)"), atol: 1e-5, rtol: 1e-4,
                        "\(fixture.name) gradient of \(name)", file: file, line: line)
        }
    }

    private var inputCache: [String: Tensor] = [:]

    /// The fixture's `input.<name>`, one tensor per name and fixture, recording gradients.
    private func input(_ fixture: Fixture, _ name: String) throws -> Tensor {
        let key = "\(fixture.name)/\(name)"
        if let cached = inputCache[key] { return cached }
        let tensor = try fixture.tensor("input.\(name)")
        tensor.requiresGrad = true
        inputCache[key] = tensor
        return tensor
    }

    private func padding(_ config: [String: Any], length: Int) -> [Bool] {
        (config["key_lengths"] as! [Int]).flatMap { real in (0..<length).map { $0 < real } }
    }

    private func configuration(_ config: [String: Any], layers: Int, finalNorm: Bool) -> EncoderConfiguration {
        EncoderConfiguration(vocabularySize: 1, modelDimension: config["dimension"] as! Int, heads: config["heads"] as! Int,
                             feedForwardDimension: config["feed_forward"] as! Int, layers: layers,
                             activation: Activation(rawValue: config["activation"] as! String)!, dropout: 0, attentionDropout: 0,
                             normPlacement: NormPlacement(rawValue: config["placement"] as! String)!,
                             normalization: NormalizationKind(rawValue: config["normalization"] as! String)!,
                             normEpsilon: Float(config["epsilon"] as! Double), finalNorm: finalNorm, maxPositions: 0,
                             tokenTypes: 0, embeddingNorm: false, paddingTokenID: nil, headActivation: .relu)
    }
}

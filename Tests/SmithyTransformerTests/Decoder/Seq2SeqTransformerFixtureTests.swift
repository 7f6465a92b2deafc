import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// A 2+2-layer Seq2SeqTransformer against a float64 PyTorch twin: logits, label-smoothed loss with
/// padding ignored, and the gradient of the loss for every parameter. Two cases: separate
/// vocabularies with post-norm, and a shared vocabulary with a tied output projection and pre-norm.
final class Seq2SeqTransformerFixtureTests: XCTestCase {
    func testSeparateVocabulariesPostNormMatchesPyTorch() throws {
        try check("seq2seq_separate_post", shared: false, tied: false, placement: .post)
    }

    func testSharedTiedPreNormMatchesPyTorch() throws {
        try check("seq2seq_shared_tied_pre", shared: true, tied: true, placement: .pre)
    }

    private func check(_ name: String, shared: Bool, tied: Bool, placement: NormPlacement) throws {
        let fixture = try Fixture("decoder/\(name).safetensors")
        let sourceIds = try fixture.tensor("sourceIds"), targetInput = try fixture.tensor("targetInput")
        let (sourceVocabulary, targetVocabulary) = shared ? (12, 12) : (11, 13)
        let configuration = Seq2SeqConfiguration(
            sourceVocabularySize: sourceVocabulary, targetVocabularySize: targetVocabulary, sharesVocabulary: shared,
            tiesOutputProjection: tied, modelDimension: 16, heads: 4, feedForwardDimension: 32, encoderLayers: 2,
            decoderLayers: 2, dropout: 0, normPlacement: placement)
        let model = Seq2SeqTransformer(configuration: configuration, positional: nil, generator: RandomGenerator(seed: 2))
        try model.load(decoderFixtureParameters(fixture))

        let ids = { (tensor: Tensor) in tensor.scalars.map { Int($0) } }
        let logits = model(sourceIds: ids(sourceIds), sourceShape: sourceIds.shape, sourceIsToken: ids(sourceIds).map { $0 != 0 },
                           targetIds: ids(targetInput), targetShape: targetInput.shape,
                           targetIsToken: ids(targetInput).map { $0 != 0 })
        assertClose(logits, try fixture.tensor("logits"), atol: 1e-4, rtol: 1e-4, "\(name) logits")
        let loss = model.loss(logits: logits, targets: ids(try fixture.tensor("targetOutput")), labelSmoothing: 0.1)
        assertClose(loss, try fixture.tensor("loss"), atol: 1e-5, rtol: 1e-5, "\(name) loss")
        loss.backward()
        let named = model.namedParameters()
        XCTAssertEqual(Set(named.map(\.name)).count, named.count, "a shared table must be one parameter")
        for (parameterName, parameter) in named {
            let expected = try fixture.tensor("grad.\(parameterName)")
            XCTAssertNotNil(parameter.grad, "\(parameterName) got no gradient")
            assertClose(parameter.grad ?? .zeros(expected.shape), expected, atol: 1e-5, rtol: 1e-3, "\(name) gradient of \(parameterName)")
        }
    }
}

import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// The decoder stack: independent layer weights, optional final norm, and freezeLayers.
final class DecoderStackTests: XCTestCase {
    func testFreezeLayersFreezesOnlyTheFirstLayers() {
        let model = decoderTestModel(vocabulary: 10, dimension: 16, heads: 2, layers: 3, seed: 3)
        let decoder = model.decoder
        XCTAssertNotEqual(decoder.layers[0].selfAttention.query.weight.scalars, decoder.layers[1].selfAttention.query.weight.scalars,
                          "layers must have independent weights")
        decoder.freezeLayers(2)
        model.train()
        XCTAssertFalse(decoder.layers[0].isTraining)
        XCTAssertFalse(decoder.layers[1].feedForward.dropout.isTraining, "frozen layers keep dropout off after train()")
        XCTAssertTrue(decoder.layers[2].isTraining)

        let source = decoderTestSource(batch: 2, length: 5, vocabulary: 10, padded: [0, 2], seed: 4)
        let logits = model(sourceIds: source.ids, sourceShape: [2, 5], sourceIsToken: source.isToken,
                           targetIds: [1, 4, 5, 1, 6, 7], targetShape: [2, 3])
        model.loss(logits: logits, targets: [4, 5, 2, 6, 7, 2]).backward()
        for (name, parameter) in decoder.namedParameters() {
            let frozen = name.hasPrefix("layers.0.") || name.hasPrefix("layers.1.")
            XCTAssertEqual(parameter.requiresGrad, !frozen, name)
            XCTAssertEqual(parameter.grad == nil, frozen, "\(name) gradient")
        }
        XCTAssertNotNil(model.encoder.layers[0].attention.query.weight.grad, "the encoder is not frozen")
    }

    func testOptionalFinalNorm() {
        let model = decoderTestModel(vocabulary: 10, dimension: 16, heads: 2, layers: 1, seed: 5)
        XCTAssertNotNil(model.decoder.finalNorm)
        let configuration = Seq2SeqConfiguration(sourceVocabularySize: 10, targetVocabularySize: 10, modelDimension: 16,
                                                 heads: 2, feedForwardDimension: 32, encoderLayers: 1, decoderLayers: 1,
                                                 decoderFinalNorm: false)
        let bare = Seq2SeqTransformer(configuration: configuration, positional: nil, generator: RandomGenerator(seed: 5))
        XCTAssertNil(bare.decoder.finalNorm)
        XCTAssertFalse(bare.namedParameters().contains { $0.name.hasPrefix("decoder.finalNorm") })
    }
}

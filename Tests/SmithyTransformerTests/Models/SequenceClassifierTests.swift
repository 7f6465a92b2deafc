import SmithyNN
import SmithyTensor
import SmithyTraining
import SmithyTransformer
import XCTest

final class SequenceClassifierTests: XCTestCase {
    private let configuration = EncoderConfiguration.bert(vocabularySize: 30, modelDimension: 16, heads: 2,
                                                          feedForwardDimension: 24, layers: 3, activation: .relu,
                                                          dropout: 0.3, attentionDropout: 0.3, maxPositions: 10)

    private func classifier(_ pooling: Pooling, seed: UInt64 = 3) -> SequenceClassifier {
        let generator = RandomGenerator(seed: seed)
        return SequenceClassifier(body: EncoderModel(configuration, generator: generator), classes: 4, pooling: pooling,
                                  generator: generator)
    }

    /// Pooling picks the first token or averages the real tokens (checked against the hidden states).
    func testPoolingFirstTokenAndMeanOverRealTokens() {
        let hidden = Tensor((0..<2 * 3 * 2).map { Float($0 * $0 % 7) }, shape: [2, 3, 2])
        let mask = [true, true, true, true, false, false]
        // Tokens: batch 0 (0, 1), (4, 2), (2, 4); batch 1 (1, 0), padding, padding.
        XCTAssertEqual(Pooling.firstToken(hidden, attentionMask: mask).scalars, [0, 1, 1, 0])
        assertClose(Pooling.mean(hidden, attentionMask: mask), Tensor([2, 7.0 / 3, 1, 0], shape: [2, 2]),
                    atol: 1e-6, rtol: 1e-6, "mean pooling")
        XCTAssertEqual(Pooling.mean(hidden, attentionMask: nil).shape, [2, 2])
    }

    /// A sequence padded inside a batch gets the same mean-pooled logits as alone without padding.
    func testPaddingDoesNotChangeMeanPooledLogits() {
        let model = classifier(.mean)
        model.eval()
        let alone = model.logits(ids: [4, 8, 15], shape: [1, 3], attentionMask: nil)
        let padded = model.logits(ids: [4, 8, 15, 0, 0, 16, 23, 42 % 30, 5, 6], shape: [2, 5],
                                  attentionMask: [true, true, true, false, false, true, true, true, true, true])
        assertClose(padded.slice(axis: 0, 0..<1), alone, atol: 1e-5, rtol: 1e-5, "padded vs alone")
        XCTAssertEqual(padded.shape, [2, 4])
    }

    /// Frozen layers and embeddings get no gradients, are not moved by AdamW and run without dropout.
    func testFreezeLayersFreezesEmbeddingsAndFirstLayers() {
        let model = classifier(.firstToken)
        model.freezeLayers(2)
        model.train()
        let before = model.stateDictionary().mapValues { $0.copy() }
        let optimizer = Adam.adamW(parameters: model.trainableParameters, learningRate: 1e-2)
        let ids = [1, 2, 3, 4, 5, 6, 7, 8], shape = [2, 4]
        model.loss(ids: ids, shape: shape, attentionMask: nil, labels: [1, 3]).backward()
        optimizer.step()
        for (name, parameter) in model.namedParameters() {
            let frozen = name.hasPrefix("body.embeddings.") || name.hasPrefix("body.encoder.layers.0.")
                || name.hasPrefix("body.encoder.layers.1.")
            if frozen {
                XCTAssertNil(parameter.grad, name)
                XCTAssertEqual(parameter.scalars, before[name]!.scalars, "\(name) moved")
            } else if name != "body.encoder.layers.2.attention.key.bias" {  // softmax ignores a key bias
                XCTAssertNotEqual(parameter.scalars, before[name]!.scalars, "\(name) did not train")
            }
        }
        // Dropout off in the frozen part: its output repeats exactly in training mode.
        let embeddings = model.body.embeddings
        let positions = TokenPositions.sequential(length: 4)
        XCTAssertEqual(embeddings(ids, shape: shape, tokenTypes: nil, positions: positions, positional: nil).scalars,
                       embeddings(ids, shape: shape, tokenTypes: nil, positions: positions, positional: nil).scalars)
        XCTAssertFalse(model.body.encoder.layers[1].isTraining)
        XCTAssertTrue(model.body.encoder.layers[2].isTraining)

        let unfrozenEmbeddings = classifier(.firstToken)
        unfrozenEmbeddings.freezeLayers(1, includingEmbeddings: false)
        XCTAssertTrue(unfrozenEmbeddings.body.embeddings.word.weight.requiresGrad)
        XCTAssertFalse(unfrozenEmbeddings.body.encoder.layers[0].attention.query.weight.requiresGrad)
    }
}

import SmithyNN
import SmithyTensor

/// A sequence classifier on an encoder body: pooling → dropout → Linear(D → classes).
/// ids [B, L] → logits [B, classes].
///
/// There is no Hugging Face pooler (dense + tanh) between pooling and the classifier: as in the
/// original Geneformer fine-tuning example, the pooled state goes straight to dropout and Linear.
public final class SequenceClassifier: Module {
    public let body: EncoderModel
    public let pooling: Pooling
    public let dropout: Dropout
    /// D → classes, BERT-initialised.
    public let classifier: Linear

    public init(body: EncoderModel, classes: Int, pooling: Pooling, dropout: Float = 0.1, generator: RandomGenerator) {
        self.body = body
        self.pooling = pooling
        self.dropout = Dropout(dropout, generator: generator)
        classifier = Linear(body.configuration.modelDimension, classes, generator: generator)
        super.init()
        classifier.initializeBERTWeights(std: body.configuration.initializerStd, generator: generator)
    }

    /// Logits [B, classes]. `ids` [B·L] with `shape` [B, L]; `attentionMask` [B·L], `true` for real tokens.
    public func logits(ids: [Int], shape: [Int], attentionMask: [Bool]?, tokenTypes: [Int]? = nil) -> Tensor {
        let hidden = body(ids: ids, shape: shape, attentionMask: attentionMask, tokenTypes: tokenTypes)
        return classifier(dropout(pooling(hidden, attentionMask: attentionMask)))
    }

    /// Mean cross-entropy against `labels` [B].
    public func loss(ids: [Int], shape: [Int], attentionMask: [Bool]?, labels: [Int], tokenTypes: [Int]? = nil) -> Tensor {
        crossEntropy(logits: logits(ids: ids, shape: shape, attentionMask: attentionMask, tokenTypes: tokenTypes), targets: labels)
    }

    /// Freezes encoder layers `0..<count` (no gradients, untouched by optimizers, dropout off even
    /// in training) and, when `count > 0` and `includingEmbeddings`, the embeddings beneath them —
    /// otherwise training the embeddings would shift the inputs of the frozen layers. The original
    /// Geneformer example freezes only the layers: pass `includingEmbeddings: false` for that.
    public func freezeLayers(_ count: Int, includingEmbeddings: Bool = true) {
        body.encoder.freezeLayers(count)
        if count > 0 && includingEmbeddings { body.embeddings.freeze() }
    }
}

import SmithyNN
import SmithyTensor

/// BERT's masked-LM head: dense D→D → activation → LayerNorm → decoder tied to the word
/// embeddings, plus a bias per token. [..., D] → [..., vocabulary].
///
/// The decoder weight is passed in, not stored, so the tied table is one parameter.
/// Differences from the original AttentionSmithy Geneformer example: that head is a single untied
/// Linear(D → V); this one is BERT's, so published checkpoints load.
public final class MaskedLanguageModelHead: Module {
    /// D → D.
    public let transform: Linear
    public let activation: Activation
    public let norm: LayerNorm
    /// [vocabulary].
    public let bias: Tensor

    public init(_ configuration: EncoderConfiguration, generator: RandomGenerator) {
        precondition(!configuration.headActivation.isGated, "[MaskedLanguageModelHead] a gated head activation changes the width")
        transform = Linear(configuration.modelDimension, configuration.modelDimension, generator: generator)
        activation = configuration.headActivation
        norm = LayerNorm(configuration.modelDimension, epsilon: configuration.normEpsilon)
        bias = .parameter([configuration.vocabularySize], .zeros, generator: generator)
        super.init()
        transform.initializeBERTWeights(std: configuration.initializerStd, generator: generator)
    }

    /// Logits [..., V] for hidden states [..., D] with `decoderWeight` [V, D] (the word embeddings).
    public func callAsFunction(_ hidden: Tensor, decoderWeight: Tensor) -> Tensor {
        matmul(norm(activation(transform(hidden))), decoderWeight, transposeB: true) + bias
    }
}

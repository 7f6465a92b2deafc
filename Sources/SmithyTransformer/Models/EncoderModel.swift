import SmithyNN
import SmithyTensor

/// The body of an encoder-only model (BERT's `BertModel` without pooler): token embeddings then an
/// `Encoder`. ids [B, L] → hidden states [B, L, D].
public final class EncoderModel: Module {
    public let configuration: EncoderConfiguration
    public let embeddings: TokenEmbeddings
    public let encoder: EncoderStack
    /// Extra positional strategies (e.g. rotary or ALiBi on a BERT body): embedding strategies are
    /// added in `embeddings`, query/key and score-bias strategies act in every layer. Nil for BERT.
    public let positional: PositionalEncodings?

    /// A freshly initialised body (BERT initialisation: see `initializeBERTWeights`). `attention`
    /// makes each layer's attention method (nil: `ScaledDotProductAttention` with the configured
    /// dropout; e.g. `MemoryEfficientAttention` for long sequences).
    public init(_ configuration: EncoderConfiguration, positional: PositionalEncodings? = nil,
                attention: (() -> AttentionMethod)? = nil, generator: RandomGenerator) {
        self.configuration = configuration
        embeddings = TokenEmbeddings(configuration, generator: generator)
        encoder = EncoderStack(configuration, attention: attention, generator: generator)
        self.positional = positional
        super.init()
        embeddings.initializeBERTWeights(std: configuration.initializerStd, generator: generator)
        encoder.initializeBERTWeights(std: configuration.initializerStd, generator: generator)
    }

    /// The embeddings output and every layer's output (`layers + 1` tensors of [B, L, D]), as
    /// Hugging Face's `hidden_states`. `ids` [B·L] with `shape` [B, L]; `attentionMask` [B·L],
    /// `true` for real tokens (nil: no padding); `tokenTypes` [B·L] or nil for type 0.
    public func hiddenStates(ids: [Int], shape: [Int], attentionMask: [Bool]?, tokenTypes: [Int]? = nil) -> [Tensor] {
        precondition(attentionMask == nil || attentionMask!.count == ids.count,
                     "[EncoderModel] attention mask of \(attentionMask!.count) flags for ids of shape \(shape)")
        let positions = TokenPositions.sequential(length: shape[1])
        let x = embeddings(ids, shape: shape, tokenTypes: tokenTypes, positions: positions, positional: positional)
        let mask = AttentionMask(keyIsToken: attentionMask, keyLength: shape[1])
        return encoder.hiddenStates(x, mask: mask, positional: positional, positions: positions)
    }

    /// The last hidden state [B, L, D].
    public func callAsFunction(ids: [Int], shape: [Int], attentionMask: [Bool]?, tokenTypes: [Int]? = nil) -> Tensor {
        hiddenStates(ids: ids, shape: shape, attentionMask: attentionMask, tokenTypes: tokenTypes).last!
    }
}

extension EncoderStack {
    /// A stack of `configuration.layers` encoder layers; `attention` makes each layer's method
    /// (nil: scaled dot-product attention with the configured attention dropout).
    public convenience init(_ configuration: EncoderConfiguration, attention: (() -> AttentionMethod)? = nil,
                            generator: RandomGenerator) {
        let c = configuration
        let layers = (0..<c.layers).map { _ in
            EncoderLayer(
                attention: MultiheadAttention(modelDimension: c.modelDimension, heads: c.heads,
                                              method: attention?()
                                                  ?? ScaledDotProductAttention(dropout: c.attentionDropout, generator: generator),
                                              generator: generator),
                feedForward: FeedForwardNetwork(modelDimension: c.modelDimension, hiddenDimension: c.feedForwardDimension,
                                                activation: c.activation, dropout: c.activationDropout, generator: generator),
                attentionSublayer: ResidualSublayer(dimension: c.modelDimension, placement: c.normPlacement,
                                                    normalization: c.normalization, epsilon: c.normEpsilon,
                                                    dropout: c.dropout, generator: generator),
                feedForwardSublayer: ResidualSublayer(dimension: c.modelDimension, placement: c.normPlacement,
                                                      normalization: c.normalization, epsilon: c.normEpsilon,
                                                      dropout: c.dropout, generator: generator))
        }
        self.init(layers: layers, finalNorm: c.finalNorm ? c.normalization.make(c.modelDimension, epsilon: c.normEpsilon) : nil)
    }
}

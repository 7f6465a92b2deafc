/// Everything that defines an encoder-only model (embeddings, encoder stack, masked-LM head).
///
/// `bert(...)` gives Hugging Face BERT's layout (post-norm, LayerNorm, no final norm, learned
/// absolute positions, two token types, embedding LayerNorm); `geneformerV1` is Geneformer's
/// published 6-layer configuration.
public struct EncoderConfiguration: Codable, Equatable, Sendable {
    /// Number of token ids.
    public var vocabularySize: Int
    /// Width D of every hidden state.
    public var modelDimension: Int
    /// Attention heads per layer (divides `modelDimension`).
    public var heads: Int
    /// Hidden width F of each feed-forward network.
    public var feedForwardDimension: Int
    /// Number of encoder layers.
    public var layers: Int
    /// Feed-forward activation.
    public var activation: Activation
    /// Dropout on the embeddings and on each residual branch.
    public var dropout: Float
    /// Dropout on the attention probabilities.
    public var attentionDropout: Float
    /// Dropout after the feed-forward activation (BERT has none: 0).
    public var activationDropout: Float
    /// Where each sublayer normalises.
    public var normPlacement: NormPlacement
    /// Which normalisation the sublayers (and the final norm) use.
    public var normalization: NormalizationKind
    /// Epsilon of every normalisation.
    public var normEpsilon: Float
    /// Whether a norm follows the last layer (pre-norm stacks need it; BERT has none).
    public var finalNorm: Bool
    /// Rows of the learned absolute position table; 0 for none (positions then come only from
    /// the model's `PositionalEncodings`).
    public var maxPositions: Int
    /// Rows of the token-type (segment) table; 0 for none. BERT has 2.
    public var tokenTypes: Int
    /// Whether the summed embeddings are normalised with a LayerNorm (BERT: yes).
    public var embeddingNorm: Bool
    /// The padding token: its embedding row starts at zero and gets no gradient.
    public var paddingTokenID: Int?
    /// Activation of the masked-LM head's transform (Hugging Face uses `hidden_act`, so ReLU for Geneformer).
    public var headActivation: Activation
    /// Standard deviation of the N(0, std²) initialisation of Linear and Embedding weights.
    public var initializerStd: Float

    public init(vocabularySize: Int, modelDimension: Int, heads: Int, feedForwardDimension: Int, layers: Int,
                activation: Activation, dropout: Float, attentionDropout: Float, activationDropout: Float = 0,
                normPlacement: NormPlacement, normalization: NormalizationKind, normEpsilon: Float, finalNorm: Bool,
                maxPositions: Int, tokenTypes: Int, embeddingNorm: Bool, paddingTokenID: Int?,
                headActivation: Activation, initializerStd: Float = 0.02) {
        self.vocabularySize = vocabularySize
        self.modelDimension = modelDimension
        self.heads = heads
        self.feedForwardDimension = feedForwardDimension
        self.layers = layers
        self.activation = activation
        self.dropout = dropout
        self.attentionDropout = attentionDropout
        self.activationDropout = activationDropout
        self.normPlacement = normPlacement
        self.normalization = normalization
        self.normEpsilon = normEpsilon
        self.finalNorm = finalNorm
        self.maxPositions = maxPositions
        self.tokenTypes = tokenTypes
        self.embeddingNorm = embeddingNorm
        self.paddingTokenID = paddingTokenID
        self.headActivation = headActivation
        self.initializerStd = initializerStd
    }

    /// Hugging Face BERT's layout with the given sizes (the head uses `activation`, as `hidden_act`).
    public static func bert(vocabularySize: Int, modelDimension: Int = 768, heads: Int = 12,
                            feedForwardDimension: Int = 3072, layers: Int = 12, activation: Activation = .gelu,
                            dropout: Float = 0.1, attentionDropout: Float = 0.1, maxPositions: Int = 512,
                            tokenTypes: Int = 2, normEpsilon: Float = 1e-12, paddingTokenID: Int? = 0,
                            initializerStd: Float = 0.02) -> EncoderConfiguration {
        EncoderConfiguration(vocabularySize: vocabularySize, modelDimension: modelDimension, heads: heads,
                             feedForwardDimension: feedForwardDimension, layers: layers, activation: activation,
                             dropout: dropout, attentionDropout: attentionDropout, normPlacement: .post,
                             normalization: .layerNorm, normEpsilon: normEpsilon, finalNorm: false,
                             maxPositions: maxPositions, tokenTypes: tokenTypes, embeddingNorm: true,
                             paddingTokenID: paddingTokenID, headActivation: activation, initializerStd: initializerStd)
    }

    /// Geneformer V1 (6 layers, D 256, 4 heads, F 512, ReLU, 2048 positions, 25,426 tokens, dropout 0.02).
    public static let geneformerV1 = bert(vocabularySize: 25_426, modelDimension: 256, heads: 4, feedForwardDimension: 512,
                                          layers: 6, activation: .relu, dropout: 0.02, attentionDropout: 0.02,
                                          maxPositions: 2048)
}

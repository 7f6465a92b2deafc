/// The hyper-parameters of a `Seq2SeqTransformer`, as a Codable record (JSON next to a checkpoint).
///
/// Positional settings are not part of it yet: the model takes its `PositionalEncodings` at
/// construction until the positional configuration type lands.
public struct Seq2SeqConfiguration: Codable, Equatable, Sendable {
    public var sourceVocabularySize: Int
    public var targetVocabularySize: Int
    /// One embedding table for source and target (the vocabulary sizes must then be equal).
    public var sharesVocabulary: Bool
    /// Output logits = h·Eᵀ + b with E the target embedding (no separate projection matrix).
    public var tiesOutputProjection: Bool
    public var modelDimension: Int
    public var heads: Int
    public var feedForwardDimension: Int
    public var encoderLayers: Int
    public var decoderLayers: Int
    public var activation: Activation
    /// Dropout on embeddings, sublayer outputs and inside the feed-forward network.
    public var dropout: Float
    /// Dropout on attention probabilities.
    public var attentionDropout: Float
    public var normPlacement: NormPlacement
    public var normalization: NormalizationKind
    public var normEpsilon: Float
    public var encoderFinalNorm: Bool
    public var decoderFinalNorm: Bool
    /// Token embeddings are multiplied by √modelDimension (the original and the Annotated Transformer).
    public var scalesEmbeddings: Bool
    /// The padding token: ignored by the loss.
    public var paddingToken: Int
    /// Longest source or target sequence the model is meant for (learned position tables, generation).
    public var maximumLength: Int

    public init(sourceVocabularySize: Int, targetVocabularySize: Int, sharesVocabulary: Bool = false,
                tiesOutputProjection: Bool = false, modelDimension: Int = 512, heads: Int = 8,
                feedForwardDimension: Int = 2048, encoderLayers: Int = 6, decoderLayers: Int = 6,
                activation: Activation = .relu, dropout: Float = 0.1, attentionDropout: Float = 0,
                normPlacement: NormPlacement = .post, normalization: NormalizationKind = .layerNorm,
                normEpsilon: Float = 1e-5, encoderFinalNorm: Bool = true, decoderFinalNorm: Bool = true,
                scalesEmbeddings: Bool = true, paddingToken: Int = 0, maximumLength: Int = 512) {
        self.sourceVocabularySize = sourceVocabularySize
        self.targetVocabularySize = targetVocabularySize
        self.sharesVocabulary = sharesVocabulary
        self.tiesOutputProjection = tiesOutputProjection
        self.modelDimension = modelDimension
        self.heads = heads
        self.feedForwardDimension = feedForwardDimension
        self.encoderLayers = encoderLayers
        self.decoderLayers = decoderLayers
        self.activation = activation
        self.dropout = dropout
        self.attentionDropout = attentionDropout
        self.normPlacement = normPlacement
        self.normalization = normalization
        self.normEpsilon = normEpsilon
        self.encoderFinalNorm = encoderFinalNorm
        self.decoderFinalNorm = decoderFinalNorm
        self.scalesEmbeddings = scalesEmbeddings
        self.paddingToken = paddingToken
        self.maximumLength = maximumLength
    }
}

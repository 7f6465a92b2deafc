import SmithyNN
import SmithyTensor

/// An encoder-decoder transformer for sequence-to-sequence tasks (translation).
///
/// Tokens are embedded (×√D when `scalesEmbeddings`, as the original and the Annotated
/// Transformer), positional embedding strategies are added, dropout is applied; the encoder reads
/// the source, the decoder the target with the encoder output as memory; the output projection
/// gives logits over the target vocabulary.
///
/// One `PositionalEncodings` serves source, target and both attention kinds, as in the original:
/// a learned position table is therefore shared by source and target positions.
/// Differences from the original: source and target may share one embedding table and the output
/// projection may be tied to it (logits = h·Eᵀ + b); the model returns logits, not log-probabilities
/// (the loss and the generators take the log-softmax themselves); the loss is PyTorch's
/// label-smoothed cross-entropy (ε/V on every class) rather than the original's KL loss with
/// ε/(V−2) off the gold and pad columns.
public final class Seq2SeqTransformer: Module {
    /// Source tokens, and target tokens too when the vocabulary is shared: [V_src, D].
    public let sourceEmbedding: Embedding
    /// Target tokens when the vocabularies are separate: [V_tgt, D]; nil when shared.
    public let separateTargetEmbedding: Embedding?
    public let positional: PositionalEncodings?
    public let embeddingDropout: Dropout
    public let encoder: EncoderStack
    public let decoder: DecoderStack
    /// [V_tgt, D] projection with bias; nil when tied to the target embedding.
    public let outputProjection: Linear?
    /// [V_tgt] bias of the tied output projection; nil when untied.
    public let tiedOutputBias: Tensor?
    public let configuration: Seq2SeqConfiguration

    /// A model with fresh weights as `configuration` describes (PyTorch default initialisation),
    /// standard scaled dot-product attention everywhere, and `positional` for positions.
    public init(configuration c: Seq2SeqConfiguration, positional: PositionalEncodings?, generator: RandomGenerator) {
        precondition(!c.sharesVocabulary || c.sourceVocabularySize == c.targetVocabularySize,
                     "[Seq2SeqTransformer] a shared vocabulary needs equal sizes, got \(c.sourceVocabularySize) and \(c.targetVocabularySize)")
        configuration = c
        sourceEmbedding = Embedding(count: c.sourceVocabularySize, dimension: c.modelDimension, generator: generator)
        separateTargetEmbedding = c.sharesVocabulary
            ? nil : Embedding(count: c.targetVocabularySize, dimension: c.modelDimension, generator: generator)
        self.positional = positional
        embeddingDropout = Dropout(c.dropout, generator: generator)

        func attention() -> MultiheadAttention {
            MultiheadAttention(modelDimension: c.modelDimension, heads: c.heads,
                               method: ScaledDotProductAttention(dropout: c.attentionDropout, generator: generator),
                               generator: generator)
        }
        func feedForward() -> FeedForwardNetwork {
            FeedForwardNetwork(modelDimension: c.modelDimension, hiddenDimension: c.feedForwardDimension,
                               activation: c.activation, dropout: c.dropout, generator: generator)
        }
        func sublayer() -> ResidualSublayer {
            ResidualSublayer(dimension: c.modelDimension, placement: c.normPlacement, normalization: c.normalization,
                             epsilon: c.normEpsilon, dropout: c.dropout, generator: generator)
        }
        encoder = EncoderStack(
            layers: (0..<c.encoderLayers).map { _ in
                EncoderLayer(attention: attention(), feedForward: feedForward(),
                             attentionSublayer: sublayer(), feedForwardSublayer: sublayer())
            },
            finalNorm: c.encoderFinalNorm ? c.normalization.make(c.modelDimension, epsilon: c.normEpsilon) : nil)
        decoder = DecoderStack(
            layers: (0..<c.decoderLayers).map { _ in
                DecoderLayer(selfAttention: attention(), crossAttention: attention(), feedForward: feedForward(),
                             selfAttentionSublayer: sublayer(), crossAttentionSublayer: sublayer(),
                             feedForwardSublayer: sublayer())
            },
            finalNorm: c.decoderFinalNorm ? c.normalization.make(c.modelDimension, epsilon: c.normEpsilon) : nil)
        if c.tiesOutputProjection {
            outputProjection = nil
            tiedOutputBias = Tensor.zeros([c.targetVocabularySize])
            tiedOutputBias!.requiresGrad = true
        } else {
            outputProjection = Linear(c.modelDimension, c.targetVocabularySize, generator: generator)
            tiedOutputBias = nil
        }
        super.init()
    }

    /// The table target tokens are looked up in (the source table when shared).
    public var targetEmbedding: Embedding { separateTargetEmbedding ?? sourceEmbedding }

    /// Encoder output ("memory") [B, Ls, D] for `sourceIds` laid out as `shape` [B, Ls];
    /// `sourceIsToken` [B·Ls] flags real tokens (nil: no padding).
    public func encode(sourceIds: [Int], shape: [Int], sourceIsToken: [Bool]? = nil) -> Tensor {
        precondition(shape.count == 2, "[Seq2SeqTransformer.encode] source shape \(shape) must be [batch, length]")
        let positions = TokenPositions.sequential(length: shape[1])
        let embedded = embed(sourceIds, shape: shape, table: sourceEmbedding, positions: positions)
        let mask = AttentionMask(keyIsToken: sourceIsToken, keyLength: shape[1])
        return encoder(embedded, mask: mask, positional: positional, positions: positions)
    }

    /// Logits [B, Lt, V_tgt] for `targetIds` laid out as `shape` [B, Lt] attending to `memory`
    /// [B, Ls, D]. Causal; `targetIsToken` [B·Lt] and `sourceIsToken` [B·Ls] flag real tokens.
    /// With `cache` (from `decoder.makeCache()`), `targetIds` are the next positions after the
    /// cached ones and target padding is not supported.
    public func decode(targetIds: [Int], shape: [Int], targetIsToken: [Bool]? = nil, memory: Tensor,
                       sourceIsToken: [Bool]? = nil, cache: [DecoderLayerCache]? = nil) -> Tensor {
        precondition(shape.count == 2 && memory.rank == 3 && shape[0] == memory.shape[0],
                     "[Seq2SeqTransformer.decode] target shape \(shape) does not match memory \(memory.shape)")
        precondition(cache == nil || targetIsToken == nil, "[Seq2SeqTransformer.decode] target padding is not supported with a cache")
        let cachedLength = cache?.first?.length ?? 0
        let positions = TokenPositions.sequential(length: shape[1], offset: cachedLength)
        let embedded = embed(targetIds, shape: shape, table: targetEmbedding, positions: positions)
        let targetMask = AttentionMask(keyIsToken: targetIsToken, keyLength: cachedLength + shape[1],
                                       isCausal: true, queryOffset: cachedLength)
        let memoryMask = AttentionMask(keyIsToken: sourceIsToken, keyLength: memory.shape[1])
        let hidden = decoder(embedded, memory: memory, targetMask: targetMask, memoryMask: memoryMask,
                             positional: positional, positions: positions,
                             memoryPositions: .sequential(length: memory.shape[1]), cache: cache)
        if let outputProjection { return outputProjection(hidden) }
        return matmul(hidden, targetEmbedding.weight, transposeB: true) + tiedOutputBias!
    }

    /// Teacher-forced logits [B, Lt, V_tgt]: source [B, Ls] and shifted target input [B, Lt].
    public func callAsFunction(sourceIds: [Int], sourceShape: [Int], sourceIsToken: [Bool]? = nil,
                               targetIds: [Int], targetShape: [Int], targetIsToken: [Bool]? = nil) -> Tensor {
        let memory = encode(sourceIds: sourceIds, shape: sourceShape, sourceIsToken: sourceIsToken)
        return decode(targetIds: targetIds, shape: targetShape, targetIsToken: targetIsToken, memory: memory,
                      sourceIsToken: sourceIsToken)
    }

    /// Mean label-smoothed cross-entropy of `logits` [B, Lt, V] against `targets` [B·Lt]; positions
    /// whose target is the padding token are ignored.
    public func loss(logits: Tensor, targets: [Int], labelSmoothing: Float = 0.1) -> Tensor {
        crossEntropy(logits: logits, targets: targets, ignoreIndex: configuration.paddingToken, labelSmoothing: labelSmoothing)
    }

    /// Dropout(positional(table(ids)·scale)): [B, L, D].
    private func embed(_ ids: [Int], shape: [Int], table: Embedding, positions: TokenPositions) -> Tensor {
        var tokens = table(ids, shape: shape)
        if configuration.scalesEmbeddings { tokens = tokens * Float(configuration.modelDimension).squareRoot() }
        return embeddingDropout(positional.map { $0.embed(tokens, positions: positions) } ?? tokens)
    }
}

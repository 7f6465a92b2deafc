import SmithyNN
import SmithyTensor

/// BERT's input embeddings: word + learned absolute position + token type (+ any embedding
/// strategy of the model's `PositionalEncodings`) → LayerNorm → dropout. ids [B, L] → [B, L, D].
///
/// Each table is optional (`maxPositions`/`tokenTypes` 0, `embeddingNorm` false), so the same
/// module serves a plain token embedding whose positions come from positional strategies.
/// Differences from the original AttentionSmithy Geneformer example: no ×√D scaling (BERT has none).
public final class TokenEmbeddings: Module {
    /// [vocabulary, D]; also the masked-LM decoder (tied).
    public let word: Embedding
    /// [maxPositions, D], indexed by token position (padding included, as Hugging Face).
    public let position: Embedding?
    /// [tokenTypes, D].
    public let tokenType: Embedding?
    public let norm: LayerNorm?
    public let dropout: Dropout

    public init(_ configuration: EncoderConfiguration, generator: RandomGenerator) {
        let dimension = configuration.modelDimension
        word = Embedding(count: configuration.vocabularySize, dimension: dimension,
                         paddingIndex: configuration.paddingTokenID, generator: generator)
        position = configuration.maxPositions > 0
            ? Embedding(count: configuration.maxPositions, dimension: dimension, generator: generator) : nil
        tokenType = configuration.tokenTypes > 0
            ? Embedding(count: configuration.tokenTypes, dimension: dimension, generator: generator) : nil
        norm = configuration.embeddingNorm ? LayerNorm(dimension, epsilon: configuration.normEpsilon) : nil
        dropout = Dropout(configuration.dropout, generator: generator)
        super.init()
    }

    /// `ids` [B·L] laid out as `shape` [B, L]; `tokenTypes` [B·L] or nil for type 0 everywhere;
    /// `positions` index the learned table (sequential) and feed `positional`'s embedding strategies.
    public func callAsFunction(_ ids: [Int], shape: [Int], tokenTypes: [Int]?, positions: TokenPositions,
                               positional: PositionalEncodings?) -> Tensor {
        precondition(shape.count == 2, "[TokenEmbeddings] ids shape must be [batch, length], got \(shape)")
        let length = shape[1]
        var x = word(ids, shape: shape)
        if let position {
            precondition(positions.isSequential, "[TokenEmbeddings] a learned position table needs sequential positions")
            precondition(positions.offset + length <= position.weight.shape[0],
                         "[TokenEmbeddings] positions \(positions.offset)..<\(positions.offset + length) exceed the table of \(position.weight.shape[0])")
            x = x + position(Array(positions.offset..<positions.offset + length), shape: [length])
        }
        if let tokenType {
            x = x + (tokenTypes.map { tokenType($0, shape: shape) } ?? tokenType([0], shape: [1]))
        }
        if let positional { x = positional.embed(x, positions: positions) }
        if let norm { x = norm(x) }
        return dropout(x)
    }
}

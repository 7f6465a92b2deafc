import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer

/// Sinusoidal positions (sin on even, cos on odd features) for the decoder tests only: it makes the
/// models position-aware, so cached decoding must get each new token's position offset right.
final class DecoderTestSinusoidalPositions: Module, EmbeddingPositionalStrategy {
    func embedding(for positions: TokenPositions, dimension: Int) -> Tensor {
        let result = Tensor.zeros([positions.batch, positions.length, dimension])
        for sequence in 0..<positions.batch {
            for index in 0..<positions.length {
                let position = positions.value(sequence: sequence, index: index)
                for feature in 0..<dimension {
                    let angle = position / pow(10000, Float(feature - feature % 2) / Float(dimension))
                    result.pointer[(sequence * positions.length + index) * dimension + feature] = feature % 2 == 0 ? sin(angle) : cos(angle)
                }
            }
        }
        return result
    }
}

/// A small randomly initialised encoder-decoder model in inference mode (untied: a random tied model
/// mostly predicts the token it was just fed).
func decoderTestModel(vocabulary: Int, dimension: Int = 32, heads: Int = 4, layers: Int = 2,
                      placement: NormPlacement = .pre, seed: UInt64) -> Seq2SeqTransformer {
    let configuration = Seq2SeqConfiguration(
        sourceVocabularySize: vocabulary, targetVocabularySize: vocabulary, modelDimension: dimension, heads: heads, feedForwardDimension: 2 * dimension,
        encoderLayers: layers, decoderLayers: layers, dropout: 0.1, normPlacement: placement, scalesEmbeddings: false)
    let model = Seq2SeqTransformer(configuration: configuration, positional: PositionalEncodings([DecoderTestSinusoidalPositions()]),
                                   generator: RandomGenerator(seed: seed))
    model.eval()
    return model
}

/// Random source ids in 2..<vocabulary laid out [batch, length], with the last `padded[b]` tokens
/// of row b flagged as padding (id 0).
func decoderTestSource(batch: Int, length: Int, vocabulary: Int, padded: [Int], seed: UInt64) -> (ids: [Int], isToken: [Bool]) {
    let generator = RandomGenerator(seed: seed)
    var ids: [Int] = [], isToken: [Bool] = []
    for row in 0..<batch {
        for index in 0..<length {
            let real = index < length - padded[row]
            ids.append(real ? 2 + generator.nextIndex(below: vocabulary - 2) : 0)
            isToken.append(real)
        }
    }
    return (ids, isToken)
}

/// Whether some n-gram occurs twice in `tokens`.
func hasRepeatedNGram(_ tokens: [Int], size: Int) -> Bool {
    guard tokens.count >= size else { return false }
    let grams = (0...(tokens.count - size)).map { Array(tokens[$0..<($0 + size)]) }
    return Set(grams.map { $0.description }).count < grams.count
}

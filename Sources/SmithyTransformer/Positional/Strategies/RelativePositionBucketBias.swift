import Foundation
import SmithyNN
import SmithyTensor

/// T5's relative position bias (Raffel et al. 2020): the key − query distance falls into one of
/// `buckets` buckets (exact for small distances, logarithmic up to `maxDistance`, beyond which all
/// share the last bucket), and each bucket has a learned scalar per head added to the scores.
///
/// Bidirectional buckets (half for keys before, half for keys after the query) when the mask is
/// not causal, causal buckets (past distances only) when it is, as T5's encoder and decoder.
/// With custom position values the rounded difference of values is bucketed.
/// Not in the original AttentionSmithy.
public final class RelativePositionBucketBias: Module, ScoreBiasPositionalStrategy {
    /// [buckets, heads].
    public let weight: Tensor
    /// Distance from which all distances share the last bucket.
    public let maxDistance: Int

    /// Table initialised N(0, std²); T5 uses std = modelDimension^(−1/2).
    public init(heads: Int, buckets: Int = 32, maxDistance: Int = 128, std: Float, generator: RandomGenerator) {
        weight = .parameter([buckets, heads], .normal(std: std), generator: generator)
        self.maxDistance = maxDistance
        super.init()
    }

    /// Number of buckets.
    public var buckets: Int { weight.shape[0] }

    /// The bucket of `relativePosition` (key − query), exactly Hugging Face's
    /// `T5Attention._relative_position_bucket` (with its float32 logarithm and truncation).
    public static func bucket(relativePosition: Int, bidirectional: Bool, buckets: Int, maxDistance: Int) -> Int {
        var buckets = buckets, bucket = 0, distance: Int
        if bidirectional {
            buckets /= 2
            if relativePosition > 0 { bucket += buckets }
            distance = abs(relativePosition)
        } else {
            distance = -min(relativePosition, 0)
        }
        let maxExact = buckets / 2
        if distance < maxExact { return bucket + distance }
        let logRatio = Foundation.log(Float(distance) / Float(maxExact)) / Float(Foundation.log(Double(maxDistance) / Double(maxExact)))
        let large = maxExact + Int(logRatio * Float(buckets - maxExact))
        return bucket + min(large, buckets - 1)
    }

    public func bias(query: Tensor, queryPositions: TokenPositions, keyPositions: TokenPositions,
                     heads: Int, isCausal: Bool) -> AttentionBias {
        precondition(heads == weight.shape[1], "[RelativePositionBucketBias] table \(describe(weight.shape)) for \(heads) heads")
        return Bias(strategy: self, queryPositions: queryPositions, keyPositions: keyPositions, bidirectional: !isCausal)
    }

    /// Bucket-bias scores for blocks of one attention call: [batch or 1, heads, queries, keys],
    /// differentiable with respect to the table.
    public struct Bias: AttentionBias {
        public let strategy: RelativePositionBucketBias
        public let queryPositions: TokenPositions
        public let keyPositions: TokenPositions
        public let bidirectional: Bool

        public func scores(queries: Range<Int>, keys: Range<Int>) -> Tensor {
            let relative = RelativePositions(queryPositions: queryPositions, keyPositions: keyPositions, queries: queries, keys: keys)
            let indices = relative.values.map {
                RelativePositionBucketBias.bucket(relativePosition: Int($0.rounded()), bidirectional: bidirectional,
                                                  buckets: strategy.buckets, maxDistance: strategy.maxDistance)
            }
            return embedding(strategy.weight, indices: indices, shape: [relative.batch, queries.count, keys.count])
                .permuted([0, 3, 1, 2])
        }

        public var requiresGradient: Bool { strategy.weight.requiresGrad }
    }
}

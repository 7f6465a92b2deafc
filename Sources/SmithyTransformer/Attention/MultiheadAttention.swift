import SmithyNN
import SmithyTensor

/// Multi-head attention with query/key/value/output projections (with bias) and a pluggable
/// `AttentionMethod`.
///
/// Inputs [batch, length, modelDimension]; heads are split to [batch, heads, length, headDimension],
/// positional strategies act on the per-head queries and keys (self-attention only), the method
/// attends, heads are merged and projected back.
public final class MultiheadAttention: Module {
    public let query: Linear
    public let key: Linear
    public let value: Linear
    public let output: Linear
    /// Number of heads.
    public let heads: Int
    /// How attention weights are computed.
    public let method: AttentionMethod
    /// The probabilities [batch, heads, queries, keys] of the last call, when the method keeps them.
    public var lastProbabilities: Tensor? { lastProbabilitiesBuffer?.tensor }
    private var lastProbabilitiesBuffer: TensorBuffer?

    public init(modelDimension: Int, heads: Int, method: AttentionMethod, generator: RandomGenerator) {
        precondition(modelDimension % heads == 0,
                     "MultiheadAttention: model dimension \(modelDimension) is not divisible by \(heads) heads")
        query = Linear(modelDimension, modelDimension, generator: generator)
        key = Linear(modelDimension, modelDimension, generator: generator)
        value = Linear(modelDimension, modelDimension, generator: generator)
        output = Linear(modelDimension, modelDimension, generator: generator)
        self.heads = heads
        self.method = method
        super.init()
    }

    /// Width of each head.
    public var headDimension: Int { query.outFeatures / heads }

    /// Attention of `queries` [batch, Lq, D] over `keysAndValues` [batch, Lk, D].
    ///
    /// With a `cache`, self-attention appends this call's keys/values to it and attends over all
    /// of them; cross-attention computes them on the first call and reuses them afterwards.
    public func callAsFunction(_ queries: Tensor, keysAndValues: Tensor, mask: AttentionMask,
                               positional: PositionalEncodings?, queryPositions: TokenPositions,
                               keyPositions: TokenPositions, isSelfAttention: Bool,
                               cache: KeyValueCache? = nil) -> Tensor {
        let (batch, queryLength) = (queries.shape[0], queries.shape[1])
        var q = splitHeads(query(queries))
        if let positional { q = positional.transform(q, positions: queryPositions, isSelfAttention: isSelfAttention) }

        var k: Tensor, v: Tensor
        if let cache, !isSelfAttention, cache.length > 0 {
            (k, v) = (cache.keys!, cache.values!)
        } else {
            k = splitHeads(key(keysAndValues))
            v = splitHeads(value(keysAndValues))
            if let positional { k = positional.transform(k, positions: keyPositions, isSelfAttention: isSelfAttention) }
            if let cache {
                if isSelfAttention { (k, v) = cache.append(keys: k, values: v) } else { cache.store(keys: k, values: v) }
            }
        }
        let allKeyPositions = cache != nil && isSelfAttention ? TokenPositions.sequential(length: k.shape[2]) : keyPositions
        let bias = positional?.scoreBias(query: q, queryPositions: queryPositions, keyPositions: allKeyPositions,
                                         heads: heads, isCausal: mask.isCausal, isSelfAttention: isSelfAttention)
        let result = method.attend(query: q, key: k, value: v, mask: mask, bias: bias, training: isTraining)
        lastProbabilitiesBuffer = result.probabilities.map(TensorBuffer.init)
        let merged = result.output.permuted([0, 2, 1, 3]).reshaped([batch, queryLength, heads * headDimension])
        return output(merged)
    }

    /// [batch, length, heads·headDimension] → [batch, heads, length, headDimension].
    private func splitHeads(_ x: Tensor) -> Tensor {
        x.reshaped([x.shape[0], x.shape[1], heads, headDimension]).permuted([0, 2, 1, 3])
    }
}

import SmithyNN
import SmithyTensor

/// Shaw et al. (2018) relative position representations, key term: a learned vector a^K_r for
/// each clipped relative distance r = clip(j − i, −k, k) (k = `maxDistance`), shared by all heads,
/// contributing bias[i, j] = q_i · a^K_r / √d to the scores (d = head width); queries are the
/// per-head queries after any query/key strategy (rotary) has acted.
///
/// The paper's value term (adding a^V_r to the values inside the weighted sum) is not
/// implemented: it changes the weighted sum of values rather than the scores, so it would need a
/// hook inside the attention method. With custom position values r is the rounded, clipped
/// difference of values.
/// Not in the original AttentionSmithy.
public final class ShawRelativePositions: Module, ScoreBiasPositionalStrategy {
    /// a^K: [2·maxDistance + 1, headDimension]; row r + maxDistance holds distance r.
    public let keyWeight: Tensor
    /// The clipping distance k.
    public let maxDistance: Int

    /// Table initialised N(0, std²); std defaults to headDimension^(−1/2).
    public init(headDimension: Int, maxDistance: Int, std: Float? = nil, generator: RandomGenerator) {
        precondition(maxDistance >= 0, "[ShawRelativePositions] negative clipping distance \(maxDistance)")
        keyWeight = .parameter([2 * maxDistance + 1, headDimension],
                               .normal(std: std ?? 1 / Float(headDimension).squareRoot()), generator: generator)
        self.maxDistance = maxDistance
        super.init()
    }

    public func bias(query: Tensor, queryPositions: TokenPositions, keyPositions: TokenPositions,
                     heads: Int, isCausal: Bool) -> AttentionBias {
        precondition(query.rank == 4 && query.shape[1] == heads && query.shape[3] == keyWeight.shape[1],
                     "[ShawRelativePositions] query \(describe(query.shape)) for \(heads) heads and table \(describe(keyWeight.shape))")
        return Bias(strategy: self, query: query, queryPositions: queryPositions, keyPositions: keyPositions)
    }

    /// Shaw scores for blocks of one attention call: [batch, heads, queries, keys], differentiable
    /// with respect to the table and the query.
    public struct Bias: AttentionBias {
        public let strategy: ShawRelativePositions
        /// [batch, heads, queries, headDimension].
        public let query: Tensor
        public let queryPositions: TokenPositions
        public let keyPositions: TokenPositions

        public func scores(queries: Range<Int>, keys: Range<Int>) -> Tensor {
            let k = strategy.maxDistance
            let relative = RelativePositions(queryPositions: queryPositions, keyPositions: keyPositions, queries: queries, keys: keys)
            let indices = relative.values.map { Swift.min(Swift.max(Int($0.rounded()), -k), k) + k }
            let rows = queries == 0..<query.shape[2] ? query : query.slice(axis: 2, queries)
            // Every query against every distance, then each (i, j) picks its distance: [batch, heads, queries, 2k + 1].
            let perDistance = matmul(rows, strategy.keyWeight, transposeB: true) * (1 / Float(query.shape[3]).squareRoot())
            return gatherLastAxis(perDistance, indices: indices, indexBatch: relative.batch, keys: keys.count)
        }

        public var requiresGradient: Bool { strategy.keyWeight.requiresGrad || query.requiresGrad }
    }
}

/// out[b, h, i, j] = x[b, h, i, indices[b or 0, i, j]] for `x` [batch, heads, queries, width] and
/// `indices` [indexBatch, queries, keys]; the backward scatter-adds into the gathered entries.
private func gatherLastAxis(_ x: Tensor, indices: [Int], indexBatch: Int, keys: Int) -> Tensor {
    let (batch, heads, queries, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    precondition(indexBatch == 1 || indexBatch == batch,
                 "[gather] \(indexBatch) index sequences for input \(describe(x.shape))")
    func indexRow(_ b: Int, _ i: Int) -> Int { ((indexBatch == 1 ? 0 : b) * queries + i) * keys }
    let result = Tensor(uninitializedShape: [batch, heads, queries, keys])
    var output = result.pointer
    for b in 0..<batch {
        for h in 0..<heads {
            for i in 0..<queries {
                let source = x.pointer + ((b * heads + h) * queries + i) * width, row = indexRow(b, i)
                for j in 0..<keys { output[j] = source[indices[row + j]] }
                output += keys
            }
        }
    }
    return result.recorded("gather", [x]) { [shape = x.shape] g in
        let gradient = Tensor.zeros(shape)
        var incoming = g.pointer
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<queries {
                    let target = gradient.pointer + ((b * heads + h) * queries + i) * width, row = indexRow(b, i)
                    for j in 0..<keys { target[indices[row + j]] += incoming[j] }
                    incoming += keys
                }
            }
        }
        return [gradient]
    }
}

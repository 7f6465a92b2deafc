import Foundation
import SmithyTensor

/// Exact attention without the [Lq, Lk] score matrix (FlashAttention-2 on the CPU), as one
/// differentiable op over raw pointers.
///
/// Forward: for each block of queries and each block of keys, S = q·kᵀ/√d + bias (masked to −1e30)
/// by `sgemm` into a [queryBlock, keyBlock] tile; an online softmax keeps a running maximum m and
/// sum l per query row and rescales the output accumulator. Only the output and (m, 1/l) per row
/// are kept. Backward recomputes each tile: P = e^(S − m)/l, dV += Pᵀ·dO, dP = dO·vᵀ,
/// dS = P ⊙ (dP − Dᵢ) with Dᵢ = rowsum(dO ⊙ O), dQ += dS·k/√d, dK += dSᵀ·q/√d.
///
/// Key tiles that the causal mask blocks for every row of a query block are skipped (when each of
/// those rows has an allowed key elsewhere). A row whose keys are all blocked ("empty row") gets
/// uniform weights over all keys, as in the standard method: output = mean of the values, and its
/// gradient goes to the values only.
///
/// Memory per call: the output, 2 floats per query row, per-head tiles O(block·(block + d)), and
/// one bias strip [B or 1, H or 1, queryBlock, Lk] at a time when there is a bias; never Lq × Lk.
enum TiledAttentionKernel {
    static let op = "memoryEfficientAttention"

    /// Output [B, H, Lq, d], recorded for q, k and v. `bias` must not need gradients.
    static func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask, bias: AttentionBias?,
                       queryBlock: Int, keyBlock: Int) -> Tensor {
        precondition(queryBlock > 0 && keyBlock > 0, "[\(op)] block sizes \(queryBlock)×\(keyBlock) must be positive")
        let plan = TilePlan(AttentionGeometry(op, query: query, key: key, value: value, mask: mask),
                            mask: mask, bias: bias, queryBlock: queryBlock, keyBlock: keyBlock)
        let shape = plan.shape
        let output = Tensor(uninitializedShape: query.shape)
        // Per query row: the softmax shift m and 1/l (0 and 0 for empty rows).
        let rowShift = Tensor(uninitializedShape: [shape.slices, shape.queries])
        let rowInverseSum = Tensor(uninitializedShape: [shape.slices, shape.queries])
        let d = shape.headDimension
        let valueMeans = ValueMeans(value: value, shape: shape)
        for queries in plan.queryBlocks {
            let biasBlock = plan.biasBlock(queries)
            forEachHeadSlice(shape.slices) { slice in
                let (b, rows) = (slice / shape.heads, queries.count)
                let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * plan.keyBlock)
                let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: rows * d)
                defer { scores.deallocate(); accumulator.deallocate() }
                accumulator.update(repeating: 0, count: rows * d)
                var maximum = [Float](repeating: -.infinity, count: rows), sum = [Float](repeating: 0, count: rows)
                for keys in plan.keyBlocks(for: queries, batch: b) {
                    plan.scoreTile(scores, query: query, key: key, slice: slice, queries: queries, keys: keys, bias: biasBlock)
                    for r in 0..<rows {
                        let row = scores + r * keys.count
                        let newMaximum = max(maximum[r], rowMaximum(row, keys.count))
                        let correction = maximum[r] == -.infinity ? 0 : exp(maximum[r] - newMaximum)
                        sum[r] = sum[r] * correction + exponentiateRow(row, keys.count, shift: newMaximum)
                        scaleRow(accumulator + r * d, d, by: correction)
                        maximum[r] = newMaximum
                    }
                    sgemm(scores, transposeA: false, value.pointer + shape.keyOffset(slice) + keys.lowerBound * d,
                          transposeB: false, accumulator, m: rows, n: d, k: keys.count, accumulate: true)
                }
                let target = output.pointer + shape.queryOffset(slice) + queries.lowerBound * d
                let statistics = slice * shape.queries + queries.lowerBound
                for r in 0..<rows {
                    if maximum[r] <= emptyRowThreshold {
                        (target + r * d).update(from: valueMeans.mean(slice: slice), count: d)
                        rowShift.pointer[statistics + r] = 0
                        rowInverseSum.pointer[statistics + r] = 0
                    } else {
                        (target + r * d).update(from: accumulator + r * d, count: d)
                        scaleRow(target + r * d, d, by: 1 / sum[r])
                        rowShift.pointer[statistics + r] = maximum[r]
                        rowInverseSum.pointer[statistics + r] = 1 / sum[r]
                    }
                }
            }
        }
        let savedOutput = output.detached()
        return output.recorded(op, [query, key, value]) { gradient in
            backward(gradient, output: savedOutput, query: query, key: key, value: value, plan: plan,
                     rowShift: rowShift, rowInverseSum: rowInverseSum)
        }
    }

    private static func backward(_ gradient: Tensor, output: Tensor, query: Tensor, key: Tensor, value: Tensor,
                                 plan: TilePlan, rowShift: Tensor, rowInverseSum: Tensor) -> [Tensor?] {
        let shape = plan.shape
        let d = shape.headDimension
        let queryGradient = Tensor.zeros(query.shape)
        let keyGradient = Tensor.zeros(key.shape)
        let valueGradient = Tensor.zeros(value.shape)
        for queries in plan.queryBlocks {
            let biasBlock = plan.biasBlock(queries)
            forEachHeadSlice(shape.slices) { slice in
                let (b, rows) = (slice / shape.heads, queries.count)
                let (qOffset, kOffset) = (shape.queryOffset(slice) + queries.lowerBound * d, shape.keyOffset(slice))
                let statistics = slice * shape.queries + queries.lowerBound
                let probabilities = UnsafeMutablePointer<Float>.allocate(capacity: rows * plan.keyBlock)
                let scoreGradient = UnsafeMutablePointer<Float>.allocate(capacity: rows * plan.keyBlock)
                let emptyRowGradient = UnsafeMutablePointer<Float>.allocate(capacity: d)
                defer { probabilities.deallocate(); scoreGradient.deallocate(); emptyRowGradient.deallocate() }
                emptyRowGradient.update(repeating: 0, count: d)
                var hasEmptyRow = false
                let centre = (0..<rows).map { r in
                    dotProduct(gradient.pointer + qOffset + r * d, output.pointer + qOffset + r * d, d)
                }
                for r in 0..<rows where rowInverseSum.pointer[statistics + r] == 0 {
                    hasEmptyRow = true
                    addScaled(gradient.pointer + qOffset + r * d, 1 / Float(shape.keys), to: emptyRowGradient, d)
                }
                for keys in plan.keyBlocks(for: queries, batch: b) {
                    let columns = keys.count
                    plan.scoreTile(probabilities, query: query, key: key, slice: slice, queries: queries, keys: keys, bias: biasBlock)
                    for r in 0..<rows {
                        exponentiateRow(probabilities + r * columns, columns, shift: rowShift.pointer[statistics + r],
                                        factor: rowInverseSum.pointer[statistics + r])
                    }
                    let keyRows = kOffset + keys.lowerBound * d
                    sgemm(probabilities, transposeA: true, gradient.pointer + qOffset, transposeB: false,
                          valueGradient.pointer + keyRows, m: columns, n: d, k: rows, accumulate: true)
                    sgemm(gradient.pointer + qOffset, transposeA: false, value.pointer + keyRows, transposeB: true,
                          scoreGradient, m: rows, n: columns, k: d)
                    for r in 0..<rows {
                        let p = probabilities + r * columns, g = scoreGradient + r * columns
                        for j in 0..<columns { g[j] = p[j] * (g[j] - centre[r]) }
                    }
                    sgemm(scoreGradient, transposeA: false, key.pointer + keyRows, transposeB: false,
                          queryGradient.pointer + qOffset, m: rows, n: d, k: columns, accumulate: true)
                    sgemm(scoreGradient, transposeA: true, query.pointer + qOffset, transposeB: false,
                          keyGradient.pointer + keyRows, m: columns, n: d, k: rows, accumulate: true)
                }
                if hasEmptyRow {
                    for j in 0..<shape.keys { addScaled(emptyRowGradient, 1, to: valueGradient.pointer + kOffset + j * d, d) }
                }
            }
        }
        scaleRow(queryGradient.pointer, queryGradient.count, by: shape.scale)
        scaleRow(keyGradient.pointer, keyGradient.count, by: shape.scale)
        return [queryGradient, keyGradient, valueGradient]
    }
}

/// How a tiled attention call is cut into query × key blocks, and which key blocks each query
/// block needs.
private struct TilePlan {
    let shape: AttentionGeometry
    let mask: AttentionMask
    let bias: AttentionBias?
    let queryBlock: Int
    let keyBlock: Int
    /// Per batch entry, per query: whether the mask leaves it at least one key.
    private let hasAllowedKey: [[Bool]]

    init(_ shape: AttentionGeometry, mask: AttentionMask, bias: AttentionBias?, queryBlock: Int, keyBlock: Int) {
        if let bias {
            precondition(!bias.requiresGradient,
                         "[\(TiledAttentionKernel.op)] the score bias has learned parameters; learned biases need ScaledDotProductAttention")
        }
        self.shape = shape
        self.mask = mask
        self.bias = bias
        self.queryBlock = queryBlock
        self.keyBlock = keyBlock
        hasAllowedKey = (0..<shape.batch).map { b in
            var tokensSoFar = 0
            var prefixTokens: [Int] = []
            prefixTokens.reserveCapacity(shape.keys)
            for j in 0..<shape.keys {
                if mask.keyIsToken?[b * mask.keyLength + j] ?? true { tokensSoFar += 1 }
                prefixTokens.append(tokensSoFar)
            }
            return (0..<shape.queries).map { i in
                let lastKey = mask.isCausal ? min(shape.keys - 1, mask.queryOffset + i) : shape.keys - 1
                return lastKey >= 0 && prefixTokens[lastKey] > 0
            }
        }
    }

    var queryBlocks: [Range<Int>] { stride(from: 0, to: shape.queries, by: queryBlock).map { $0..<min($0 + queryBlock, shape.queries) } }

    /// Key blocks query block `queries` of batch entry `batch` must visit: all of them, except
    /// those past the causal limit of its last row when each of its rows has an allowed key.
    func keyBlocks(for queries: Range<Int>, batch: Int) -> [Range<Int>] {
        var end = shape.keys
        if mask.isCausal && queries.allSatisfy({ hasAllowedKey[batch][$0] }) {
            end = min(shape.keys, mask.queryOffset + queries.upperBound)
        }
        return stride(from: 0, to: end, by: keyBlock).map { $0..<min($0 + keyBlock, shape.keys) }
    }

    /// The bias strip for `queries` over all keys, or nil without a bias.
    func biasBlock(_ queries: Range<Int>) -> BiasBlock? {
        bias.map { BiasBlock(TiledAttentionKernel.op, $0, queries: queries, keys: 0..<shape.keys) }
    }

    /// Fills `tile` [queries.count, keys.count] with q·kᵀ/√d + bias, blocked pairs at −1e30.
    func scoreTile(_ tile: UnsafeMutablePointer<Float>, query: Tensor, key: Tensor, slice: Int,
                   queries: Range<Int>, keys: Range<Int>, bias: BiasBlock?) {
        let d = shape.headDimension
        let (b, h) = slice.quotientAndRemainder(dividingBy: shape.heads)
        sgemm(query.pointer + shape.queryOffset(slice) + queries.lowerBound * d, transposeA: false,
              key.pointer + shape.keyOffset(slice) + keys.lowerBound * d, transposeB: true,
              tile, m: queries.count, n: keys.count, k: d)
        for (r, i) in queries.enumerated() {
            let row = tile + r * keys.count
            scaleRow(row, keys.count, by: shape.scale)
            bias?.add(to: row, batch: b, head: h, query: i, columns: keys)
            mask.fillBlocked(row, with: blockedScore, batch: b, query: i, keys: keys)
        }
    }
}

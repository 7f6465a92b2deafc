import SmithyTensor

/// Standard attention as one differentiable op over raw pointers: per (batch, head), scaled scores by
/// one `sgemm` (alpha = 1/√d) straight into the probability tensor, bias + mask + softmax per row
/// (the softmax in C kernels), optional dropout, then one `sgemm` with the values.
///
/// It keeps only the probabilities P [B, H, Lq, Lk] (and the dropout mask's bits when dropout is
/// on) for the backward: dP = dO·vᵀ (times the dropout multipliers), dS = P ⊙ (dP − rowsum(dP ⊙ P)),
/// zeroed where the mask blocks; dQ = dS·k/√d, dK = dSᵀ·q/√d (the 1/√d as the products' alpha),
/// dV = (P ⊙ multipliers)ᵀ·dO. P ⊙ multipliers
/// is formed one (batch, head) slice at a time in a scratch buffer, never kept whole.
/// Numbers match the composed path: blocked scores are −1e30, a fully blocked row is uniform and
/// passes no gradient to its scores, and the dropout mask is the `DropoutMask` that `Tensor.dropout`
/// would draw from `generator` for the probabilities.
enum FusedAttentionKernel {
    /// Output [B, H, Lq, d] (recorded for q, k, v) and, when `keepsProbabilities`, the probabilities
    /// after dropout [B, H, Lq, Lk] (not differentiable). `bias` must not need gradients.
    static func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask, bias: AttentionBias?,
                       dropout: Float, generator: RandomGenerator,
                       keepsProbabilities: Bool) -> (output: Tensor, probabilities: Tensor?) {
        let op = "fusedAttention"
        let shape = AttentionGeometry(op, query: query, key: key, value: value, mask: mask)
        let (lq, lk, d) = (shape.queries, shape.keys, shape.headDimension)
        let biasBlock = bias.map { BiasBlock(op, $0, queries: 0..<lq, keys: 0..<lk) }
        let probabilities = Tensor(uninitializedShape: [shape.batch, shape.heads, lq, lk])
        forEachHeadSlice(shape.slices) { slice in
            let (b, h) = slice.quotientAndRemainder(dividingBy: shape.heads)
            let scores = probabilities.pointer + slice * lq * lk
            sgemm(query.pointer + shape.queryOffset(slice), transposeA: false, key.pointer + shape.keyOffset(slice),
                  transposeB: true, scores, m: lq, n: lk, k: d, alpha: shape.scale)
            for i in 0..<lq {
                let row = scores + i * lk
                biasBlock?.add(to: row, batch: b, head: h, query: i, columns: 0..<lk)
                mask.fillBlocked(row, with: blockedScore, batch: b, query: i, keys: 0..<lk)
                let sum = exponentiateRow(row, lk, shift: rowMaximum(row, lk))
                scaleRow(row, lk, by: 1 / sum)
            }
        }
        let dropoutMask = dropout > 0 ? DropoutMask(count: probabilities.count, probability: dropout, generator: generator) : nil
        let output = Tensor(uninitializedShape: query.shape)
        forEachHeadSlice(shape.slices) { slice in
            withKeptProbabilities(slice, probabilities, dropoutMask) { kept in
                sgemm(kept, transposeA: false, value.pointer + shape.keyOffset(slice),
                      transposeB: false, output.pointer + shape.queryOffset(slice), m: lq, n: d, k: lk)
            }
        }
        output.recorded(op, [query, key, value]) { gradient in
            backward(gradient, query: query, key: key, value: value, mask: mask, shape: shape,
                     probabilities: probabilities, dropoutMask: dropoutMask)
        }
        let visible = keepsProbabilities ? dropoutMask.map { probabilities * $0.multipliers(probabilities.shape) } ?? probabilities : nil
        return (output, visible)
    }

    /// Calls `body` with (batch, head) slice `slice` of P ⊙ multipliers, formed in a scratch buffer, or of
    /// P itself without dropout.
    private static func withKeptProbabilities(_ slice: Int, _ probabilities: Tensor, _ dropoutMask: DropoutMask?,
                                              _ body: (UnsafePointer<Float>) -> Void) {
        let size = probabilities.shape[2] * probabilities.shape[3]
        let p = probabilities.pointer + slice * size
        guard let dropoutMask else { return body(p) }
        let scratch = Tensor(uninitializedShape: [size])
        withExtendedLifetime(scratch) {
            dropoutMask.apply(p, elementsFrom: slice * size, count: size, to: scratch.pointer)
            body(scratch.pointer)
        }
    }

    private static func backward(_ gradient: Tensor, query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask,
                                 shape: AttentionGeometry, probabilities: Tensor,
                                 dropoutMask: DropoutMask?) -> [Tensor?] {
        let (lq, lk, d) = (shape.queries, shape.keys, shape.headDimension)
        let queryGradient = Tensor(uninitializedShape: query.shape)
        let keyGradient = Tensor(uninitializedShape: key.shape)
        let valueGradient = Tensor(uninitializedShape: value.shape)
        forEachHeadSlice(shape.slices) { slice in
            let b = slice / shape.heads
            let scoreGradient = UnsafeMutablePointer<Float>.allocate(capacity: lq * lk)
            defer { scoreGradient.deallocate() }
            let (qOffset, kOffset, pOffset) = (shape.queryOffset(slice), shape.keyOffset(slice), slice * lq * lk)
            withKeptProbabilities(slice, probabilities, dropoutMask) { kept in
                sgemm(kept, transposeA: true, gradient.pointer + qOffset, transposeB: false,
                      valueGradient.pointer + kOffset, m: lk, n: d, k: lq)
            }
            sgemm(gradient.pointer + qOffset, transposeA: false, value.pointer + kOffset, transposeB: true,
                  scoreGradient, m: lq, n: lk, k: d)
            for i in 0..<lq {
                let row = scoreGradient + i * lk
                dropoutMask?.apply(row, elementsFrom: pOffset + i * lk, count: lk, to: row)
                softmaxBackwardRow(probabilities: probabilities.pointer + pOffset + i * lk, row, lk)
                mask.fillBlocked(row, with: 0, batch: b, query: i, keys: 0..<lk)
            }
            sgemm(scoreGradient, transposeA: false, key.pointer + kOffset, transposeB: false,
                  queryGradient.pointer + qOffset, m: lq, n: d, k: lk, alpha: shape.scale)
            sgemm(scoreGradient, transposeA: true, query.pointer + qOffset, transposeB: false,
                  keyGradient.pointer + kOffset, m: lk, n: d, k: lq, alpha: shape.scale)
        }
        return [queryGradient, keyGradient, valueGradient]
    }
}

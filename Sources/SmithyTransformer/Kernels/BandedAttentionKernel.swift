import SmithyTensor

/// Which keys each query of a sliding-window attention looks at, stored row by row (CSR):
/// the keys within `window` positions of the query's position (only the past ones under a causal
/// mask), every global key, and every key for a global query.
struct BandLayout {
    /// Keys of query i are `keyIndex[rowStart[i]..<rowStart[i + 1]]`, ascending.
    let rowStart: [Int]
    let keyIndex: [Int]

    init(queries: Int, keys: Int, window: Int, globalPositions: Set<Int>, queryOffset: Int, isCausal: Bool) {
        let globals = globalPositions.filter { $0 >= 0 && $0 < keys }.sorted()
        var rowStart = [0], keyIndex: [Int] = []
        for i in 0..<queries {
            let position = queryOffset + i
            let visibleEnd = isCausal ? min(keys, position + 1) : keys
            if globalPositions.contains(position) {
                keyIndex.append(contentsOf: 0..<visibleEnd)
            } else {
                let lowest = max(0, position - window)
                let band = lowest..<max(lowest, min(visibleEnd, position + window + 1))
                let outside = globals.filter { $0 < visibleEnd && !band.contains($0) }
                keyIndex.append(contentsOf: (outside + Array(band)).sorted())
            }
            rowStart.append(keyIndex.count)
        }
        self.rowStart = rowStart
        self.keyIndex = keyIndex
    }

    /// Stored (query, key) pairs per head.
    var pairs: Int { keyIndex.count }
}

/// Sliding-window attention as one differentiable op over raw pointers: scores only for the
/// (query, key) pairs of a `BandLayout`, a softmax over each row's pairs, and the weighted values.
///
/// Memory: the probabilities of the stored pairs, [B, H, pairs] with pairs ≈ L·(2w + 1 + globals)
/// plus L per global query, and one bias strip [B or 1, H or 1, 64, Lk] at a time. Blocked pairs
/// score −1e30; a query with no allowed key at all gets uniform weights over all keys (the mean of
/// the values), as the standard method gives.
enum BandedAttentionKernel {
    static let op = "slidingWindowAttention"
    private static let biasRows = 64

    /// Output [B, H, Lq, d], recorded for q, k and v. `bias` must not need gradients.
    static func attend(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask, bias: AttentionBias?,
                       layout: BandLayout) -> Tensor {
        let shape = AttentionGeometry(op, query: query, key: key, value: value, mask: mask)
        if let bias {
            precondition(!bias.requiresGradient,
                         "[\(op)] the score bias has learned parameters; learned biases need ScaledDotProductAttention")
        }
        let d = shape.headDimension
        let probabilities = Tensor(uninitializedShape: [shape.slices, layout.pairs])
        let output = Tensor.zeros(query.shape)
        let valueMeans = ValueMeans(value: value, shape: shape)
        for block in stride(from: 0, to: shape.queries, by: biasRows) {
            let queries = block..<min(block + biasRows, shape.queries)
            let biasBlock = bias.map { BiasBlock(op, $0, queries: queries, keys: 0..<shape.keys) }
            forEachHeadSlice(shape.slices) { slice in
                let (b, h) = slice.quotientAndRemainder(dividingBy: shape.heads)
                let (q, k, v) = (query.pointer + shape.queryOffset(slice), key.pointer + shape.keyOffset(slice),
                                 value.pointer + shape.keyOffset(slice))
                for i in queries {
                    let start = layout.rowStart[i], count = layout.rowStart[i + 1] - start
                    let row = probabilities.pointer + slice * layout.pairs + start
                    for (n, j) in layout.keyIndex[start..<start + count].enumerated() {
                        row[n] = mask.allows(batch: b, query: i, key: j)
                            ? dotProduct(q + i * d, k + j * d, d) * shape.scale
                                + (biasBlock?.value(batch: b, head: h, query: i, key: j) ?? 0)
                            : blockedScore
                    }
                    let maximum = rowMaximum(row, count)
                    let target = output.pointer + shape.queryOffset(slice) + i * d
                    if maximum <= emptyRowThreshold {
                        row.update(repeating: 0, count: count)
                        target.update(from: valueMeans.mean(slice: slice), count: d)
                        continue
                    }
                    let sum = exponentiateRow(row, count, shift: maximum)
                    scaleRow(row, count, by: 1 / sum)
                    for (n, j) in layout.keyIndex[start..<start + count].enumerated() { addScaled(v + j * d, row[n], to: target, d) }
                }
            }
        }
        return output.recorded(op, [query, key, value]) { gradient in
            backward(gradient, query: query, key: key, value: value, mask: mask, shape: shape,
                     layout: layout, probabilities: probabilities)
        }
    }

    private static func backward(_ gradient: Tensor, query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask,
                                 shape: AttentionGeometry, layout: BandLayout, probabilities: Tensor) -> [Tensor?] {
        let d = shape.headDimension
        let queryGradient = Tensor.zeros(query.shape)
        let keyGradient = Tensor.zeros(key.shape)
        let valueGradient = Tensor.zeros(value.shape)
        forEachHeadSlice(shape.slices) { slice in
            let scoreGradient = UnsafeMutablePointer<Float>.allocate(capacity: shape.keys)
            let emptyRowGradient = UnsafeMutablePointer<Float>.allocate(capacity: d)
            defer { scoreGradient.deallocate(); emptyRowGradient.deallocate() }
            let (qOffset, kOffset) = (shape.queryOffset(slice), shape.keyOffset(slice))
            emptyRowGradient.update(repeating: 0, count: d)
            var hasEmptyRow = false
            for i in 0..<shape.queries {
                let start = layout.rowStart[i], count = layout.rowStart[i + 1] - start
                let keys = layout.keyIndex[start..<start + count]
                let p = probabilities.pointer + slice * layout.pairs + start
                let outputGradient = gradient.pointer + qOffset + i * d
                if count == 0 || (0..<count).allSatisfy({ p[$0] == 0 }) {
                    hasEmptyRow = true
                    addScaled(outputGradient, 1 / Float(shape.keys), to: emptyRowGradient, d)
                    continue
                }
                for (n, j) in keys.enumerated() {
                    scoreGradient[n] = dotProduct(outputGradient, value.pointer + kOffset + j * d, d)
                    addScaled(outputGradient, p[n], to: valueGradient.pointer + kOffset + j * d, d)
                }
                softmaxBackwardRow(probabilities: p, scoreGradient, count)
                for (n, j) in keys.enumerated() {
                    let g = scoreGradient[n] * shape.scale
                    addScaled(key.pointer + kOffset + j * d, g, to: queryGradient.pointer + qOffset + i * d, d)
                    addScaled(query.pointer + qOffset + i * d, g, to: keyGradient.pointer + kOffset + j * d, d)
                }
            }
            if hasEmptyRow {
                for j in 0..<shape.keys { addScaled(emptyRowGradient, 1, to: valueGradient.pointer + kOffset + j * d, d) }
            }
        }
        return [queryGradient, keyGradient, valueGradient]
    }
}

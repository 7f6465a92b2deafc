/// Embedding lookup (a gather of rows) with a scatter-add backward.

/// Rows of `weight` ([vocabulary, dimension]) selected by `indices`; the result has shape
/// `indicesShape + [dimension]`. Rows looked up at `paddingIndex` receive no gradient (PyTorch's
/// `padding_idx`). Out-of-range indices stop with an error naming the index.
public func embedding(_ weight: Tensor, indices: [Int], shape indicesShape: [Int], paddingIndex: Int? = nil) -> Tensor {
    precondition(weight.rank == 2, "[embedding] weight must be [vocabulary, dimension], got \(describe(weight.shape))")
    precondition(indices.count == elementCount(indicesShape),
                 "[embedding] \(indices.count) indices do not fill shape \(describe(indicesShape))")
    let (vocabulary, dimension) = (weight.shape[0], weight.shape[1])
    let result = Tensor(uninitializedShape: indicesShape + [dimension])
    for (position, index) in indices.enumerated() {
        precondition(index >= 0 && index < vocabulary, "[embedding] index \(index) is outside the vocabulary of \(vocabulary)")
        (result.pointer + position * dimension).update(from: weight.pointer + index * dimension, count: dimension)
    }
    return result.recorded("embedding", [weight]) { g in
        let gradient = Tensor.zeros(weight.shape)
        for (position, index) in indices.enumerated() where index != paddingIndex {
            let row = gradient.pointer + index * dimension, source = g.pointer + position * dimension
            var lane = 0
            while lane < dimension {
                let lanes = min(Vector.scalarCount, dimension - lane)
                storeVector(loadVector(row + lane, lanes) + loadVector(source + lane, lanes), row + lane, lanes)
                lane += Vector.scalarCount
            }
        }
        return [gradient]
    }
}

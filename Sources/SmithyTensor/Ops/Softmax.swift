/// Softmax and log-softmax along an axis, numerically stable.

extension Tensor {
    /// e^x / Σ e^x along `axis`.
    public func softmax(axis: Int = -1) -> Tensor { softmaxFamily(axis: axis, logarithm: false) }

    /// x − log Σ e^x along `axis`.
    public func logSoftmax(axis: Int = -1) -> Tensor { softmaxFamily(axis: axis, logarithm: true) }

    private func softmaxFamily(axis: Int, logarithm: Bool) -> Tensor {
        let op = logarithm ? "log_softmax" : "softmax"
        let axis = resolveAxis(axis, rank: rank, op: op)
        if axis != rank - 1 {
            // Move the axis last, where the kernel works on contiguous rows, and back.
            return transposed(axis, rank - 1).softmaxFamily(axis: rank - 1, logarithm: logarithm).transposed(axis, rank - 1)
        }
        let length = Swift.max(shape.last ?? 1, 1)
        let rows = count / length
        let result = Tensor(uninitializedShape: shape)
        softmaxRowsKernel(pointer, result.pointer, rows: rows, length: length, logarithm: logarithm)
        let y = result.detached()
        return result.recorded(op, [self]) { g in
            let gradient = Tensor(uninitializedShape: g.shape)
            softmaxRowsBackwardKernel(g.pointer, y.pointer, gradient.pointer, rows: rows, length: length, logarithm: logarithm)
            return [gradient]
        }
    }
}

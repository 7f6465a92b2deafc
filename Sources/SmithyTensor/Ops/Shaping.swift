/// Layout ops: reshape and leading-axis slices are views; permutations and other slices copy.

extension Tensor {
    /// The same elements under a new shape (a view). One extent may be -1 and is then inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0,
                         "[reshape] cannot reshape \(describe(shape)) into \(describe(newShape))")
            resolved[inferred] = count / known
        }
        precondition(elementCount(resolved) == count,
                     "[reshape] cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape))")
        let inputShape = shape
        return Tensor(shape: resolved, storage: storage, offset: offset)
            .recorded("reshape", [self]) { g in [g.reshaped(inputShape)] }
    }

    /// The axes reordered: result axis i is input axis `order[i]` (a copy).
    public func permuted(_ order: [Int]) -> Tensor {
        let order = order.map { resolveAxis($0, rank: rank, op: "permute") }
        precondition(order.sorted() == Array(0..<rank),
                     "[permute] \(order) is not a permutation of the axes of \(describe(shape))")
        if order == Array(0..<rank) { return self }
        let resultShape = order.map { shape[$0] }
        let result = Tensor(uninitializedShape: resultShape)
        permuteKernel(source: pointer, shape: shape, order: order, into: result.pointer)
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in order.enumerated() { inverse[axis] = position }
        return result.recorded("permute", [self]) { g in [g.permuted(inverse)] }
    }

    /// Swaps two axes (a copy).
    public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(resolveAxis(axis0, rank: rank, op: "transpose"), resolveAxis(axis1, rank: rank, op: "transpose"))
        return permuted(order)
    }

    /// Elements `range` along `axis`. A view when slicing the first axis, a copy otherwise.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = resolveAxis(axis, rank: rank, op: "slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "[slice] range \(range) is outside axis \(axis) of \(describe(shape))")
        var resultShape = shape
        resultShape[axis] = range.count
        let inner = elementCount(Array(shape[(axis + 1)...]))
        let inputShape = shape
        let backward: (Tensor) -> [Tensor?] = { g in
            let gradient = Tensor.zeros(inputShape)
            copyBlocks(from: g.pointer, fromRowLength: range.count * inner,
                       to: gradient.pointer + range.lowerBound * inner, toRowLength: inputShape[axis] * inner,
                       rows: elementCount(Array(inputShape[..<axis])), length: range.count * inner)
            return [gradient]
        }
        if axis == 0 {
            return Tensor(shape: resultShape, storage: storage, offset: offset + range.lowerBound * inner)
                .recorded("slice", [self], backward: backward)
        }
        let result = Tensor(uninitializedShape: resultShape)
        copyBlocks(from: pointer + range.lowerBound * inner, fromRowLength: shape[axis] * inner,
                   to: result.pointer, toRowLength: range.count * inner,
                   rows: elementCount(Array(shape[..<axis])), length: range.count * inner)
        return result.recorded("slice", [self], backward: backward)
    }
}

/// Copies `rows` blocks of `length` floats between two row-strided layouts.
func copyBlocks(from source: UnsafePointer<Float>, fromRowLength: Int,
                to target: UnsafeMutablePointer<Float>, toRowLength: Int, rows: Int, length: Int) {
    for row in 0..<rows {
        (target + row * toRowLength).update(from: source + row * fromRowLength, count: length)
    }
}

/// Writes the permutation of a contiguous tensor; the innermost output axis is copied in a tight loop.
func permuteKernel(source: UnsafePointer<Float>, shape: [Int], order: [Int], into target: UnsafeMutablePointer<Float>) {
    let rank = shape.count
    let sourceStrides = contiguousStrides(shape)
    let resultShape = order.map { shape[$0] }
    let stridesInResultOrder = order.map { sourceStrides[$0] }
    let inner = resultShape[rank - 1]
    let innerStride = stridesInResultOrder[rank - 1]
    let outer = elementCount(Array(resultShape.dropLast()))
    nonisolated(unsafe) let source = source
    nonisolated(unsafe) let target = target
    ComputeThreads.parallelFor(outer, grain: max(1, (1 << 14) / max(inner, 1))) { rows in
        for row in rows {
            var remainder = row
            var sourceOffset = 0
            for axis in stride(from: rank - 2, through: 0, by: -1) {
                sourceOffset += (remainder % resultShape[axis]) * stridesInResultOrder[axis]
                remainder /= resultShape[axis]
            }
            let out = target + row * inner
            let input = source + sourceOffset
            for index in 0..<inner { out[index] = input[index * innerStride] }
        }
    }
}

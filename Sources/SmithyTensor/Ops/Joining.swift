/// Joining and splitting along an axis: concat, stack, split, chunk.

/// The tensors joined along `axis`; all other extents must agree.
public func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "[concat] needs at least one tensor")
    let first = tensors[0]
    let axis = resolveAxis(axis, rank: first.rank, op: "concat")
    for tensor in tensors where tensor.rank != first.rank
        || tensor.shape.enumerated().contains(where: { $0.offset != axis && $0.element != first.shape[$0.offset] }) {
        preconditionFailure("[concat] shapes \(tensors.map { describe($0.shape) }.joined(separator: ", ")) differ outside axis \(axis)")
    }
    let inner = elementCount(Array(first.shape[(axis + 1)...]))
    let outer = elementCount(Array(first.shape[..<axis]))
    let extents = tensors.map { $0.shape[axis] }
    var resultShape = first.shape
    resultShape[axis] = extents.reduce(0, +)
    let result = Tensor(uninitializedShape: resultShape)
    var start = 0
    for (tensor, extent) in zip(tensors, extents) {
        copyBlocks(from: tensor.pointer, fromRowLength: extent * inner,
                   to: result.pointer + start * inner, toRowLength: resultShape[axis] * inner,
                   rows: outer, length: extent * inner)
        start += extent
    }
    return result.recorded("concat", tensors) { g in
        var offset = 0
        return extents.map { extent in
            defer { offset += extent }
            return g.slice(axis: axis, offset..<(offset + extent))
        }
    }
}

/// The tensors (all of one shape) stacked along a new axis at `axis`.
public func stack(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "[stack] needs at least one tensor")
    let shape = tensors[0].shape
    let axis = resolveAxis(axis, rank: shape.count + 1, op: "stack")
    var expanded = shape
    expanded.insert(1, at: axis)
    return concat(tensors.map { $0.reshaped(expanded) }, axis: axis)
}

extension Tensor {
    /// Consecutive pieces of the given extents along `axis` (they must add up to the axis extent).
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        let axis = resolveAxis(axis, rank: rank, op: "split")
        precondition(sizes.reduce(0, +) == shape[axis],
                     "[split] sizes \(sizes) do not add up to axis \(axis) of \(describe(shape))")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: axis, start..<(start + size))
        }
    }

    /// `chunks` pieces along `axis`, as PyTorch's `chunk`: each of ⌈n / chunks⌉ elements, the last smaller.
    public func chunk(_ chunks: Int, axis: Int) -> [Tensor] {
        let axis = resolveAxis(axis, rank: rank, op: "chunk")
        let size = (shape[axis] + chunks - 1) / chunks
        var sizes: [Int] = []
        var remaining = shape[axis]
        while remaining > 0 {
            sizes.append(Swift.min(size, remaining))
            remaining -= size
        }
        return split(sizes: sizes, axis: axis)
    }
}

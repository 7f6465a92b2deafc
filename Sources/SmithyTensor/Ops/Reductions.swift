/// Sum, mean and max over axes.

extension Tensor {
    /// Sum over `axes` (all axes when nil); reduced axes are kept with extent 1 if asked.
    public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let reduced = resolvedAxes(axes, op: "sum")
        var current = self.detached()
        var currentShape = shape
        for axis in reduced.sorted(by: >) {
            let outer = elementCount(Array(currentShape[..<axis]))
            let inner = elementCount(Array(currentShape[(axis + 1)...]))
            var nextShape = currentShape
            nextShape[axis] = 1
            let next = Tensor(uninitializedShape: nextShape)
            sumAxisKernel(current.pointer, next.pointer, outer: outer, length: currentShape[axis], inner: inner)
            current = next
            currentShape = nextShape
        }
        let keptShape = currentShape
        let finalShape = keepingDimensions ? keptShape : shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        let inputShape = shape
        return current.reshaped(finalShape)
            .recorded("sum", [self]) { g in [g.reshaped(keptShape).broadcast(to: inputShape)] }
    }

    /// Mean over `axes` (all axes when nil).
    public func mean(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let reduced = resolvedAxes(axes, op: "mean")
        let divisor = reduced.reduce(1) { $0 * shape[$1] }
        return sum(axes: reduced, keepingDimensions: keepingDimensions) * (1 / Float(divisor))
    }

    /// Maximum over one axis; the gradient goes to the first position attaining it.
    public func max(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let axis = resolveAxis(axis, rank: rank, op: "max")
        let outer = elementCount(Array(shape[..<axis]))
        let inner = elementCount(Array(shape[(axis + 1)...]))
        let length = shape[axis]
        var keptShape = shape
        keptShape[axis] = 1
        let result = Tensor(uninitializedShape: keptShape)
        var argmax = [Int32](repeating: 0, count: outer * inner)
        argmax.withUnsafeMutableBufferPointer {
            maxAxisKernel(pointer, result.pointer, $0.baseAddress!, outer: outer, length: length, inner: inner)
        }
        var finalShape = shape
        if keepingDimensions { finalShape[axis] = 1 } else { finalShape.remove(at: axis) }
        let inputShape = shape
        return result.reshaped(finalShape).recorded("max", [self]) { g in
            let gradient = Tensor.zeros(inputShape)
            for o in 0..<outer {
                for i in 0..<inner {
                    let k = Int(argmax[o * inner + i])
                    gradient.pointer[(o * length + k) * inner + i] = g.pointer[o * inner + i]
                }
            }
            return [gradient]
        }
    }

    /// Copies this tensor into a larger broadcast-compatible shape (the adjoint of `sum(toShape:)`).
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        if case .failure(let error) = broadcastShape(shape, target, op: "broadcast") { preconditionFailure(error.description) }
        precondition(elementCount(target) >= count, "[broadcast] \(describe(shape)) cannot grow into \(describe(target))")
        let result = Tensor(uninitializedShape: target)
        let layout = BroadcastLayout(shape: target, a: shape, b: [])
        let inner = layout.innerCount
        for row in 0..<layout.outerCount {
            let source = pointer + layout.offsets(ofOuterIndex: row).0, destination = result.pointer + row * inner
            if layout.innerStrideA == 0 {
                destination.initialize(repeating: source.pointee, count: inner)
            } else {
                destination.update(from: source, count: inner)
            }
        }
        return result.recorded("broadcast", [self]) { [shape] g in [g.sum(toShape: shape)] }
    }

    private func resolvedAxes(_ axes: [Int]?, op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let resolved = axes.map { resolveAxis($0, rank: rank, op: op) }
        precondition(Set(resolved).count == resolved.count, "[\(op)] repeated axis in \(axes)")
        return resolved
    }
}

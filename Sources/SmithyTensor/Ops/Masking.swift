/// Masked fill and elementwise selection. Masks and conditions are tensors of 0/1 (non-zero = true).

extension Tensor {
    /// `value` where `mask` (broadcast to this tensor's shape) is non-zero, this tensor elsewhere.
    /// The gradient is zero at the filled positions.
    public func maskedFill(_ mask: Tensor, _ value: Float) -> Tensor {
        if case .failure(let error) = broadcastShape(shape, mask.shape, op: "masked_fill") {
            preconditionFailure(error.description)
        }
        let fill = Vector(repeating: value)
        let result = broadcastZip(self, mask, op: "masked_fill") { x, m in x.replacing(with: fill, where: m .!= 0) }
        precondition(result.shape == shape,
                     "[masked_fill] mask \(describe(mask.shape)) would broadcast \(describe(shape)) to \(describe(result.shape))")
        return result.recorded("masked_fill", [self]) { g in
            [broadcastZip(g, mask, op: "masked_fill") { g, m in g.replacing(with: 0, where: m .!= 0) }]
        }
    }
}

/// `a` where `condition` is non-zero, `b` elsewhere, all three broadcast to a common shape.
public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    let shape: [Int]
    switch broadcastShape(condition.shape, a.shape, op: "where").flatMap({ broadcastShape($0, b.shape, op: "where") }) {
    case .success(let value): shape = value
    case .failure(let error): preconditionFailure(error.description)
    }
    let (c, x, y) = (condition.detached().broadcast(to: shape), a.broadcast(to: shape), b.broadcast(to: shape))
    let result = Tensor(uninitializedShape: shape)
    zipElements(result.count, c.pointer, x.pointer, y.pointer, result.pointer) { c, x, y in y.replacing(with: x, where: c .!= 0) }
    return result.recorded("where", [x, y]) { [xNeedsGradient = x.requiresGrad, yNeedsGradient = y.requiresGrad] g in
        [xNeedsGradient ? broadcastZip(g, c, op: "where") { g, c in g.replacing(with: 0, where: c .== 0) } : nil,
         yNeedsGradient ? broadcastZip(g, c, op: "where") { g, c in g.replacing(with: 0, where: c .!= 0) } : nil]
    }
}

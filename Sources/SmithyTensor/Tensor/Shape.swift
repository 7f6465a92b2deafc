/// Shape arithmetic shared by the ops: element counts, row-major strides, axis normalisation,
/// broadcasting, and the error messages that name an op and its shapes.

/// Number of elements of a tensor of this shape (1 for a scalar, shape `[]`).
@inlinable
public func elementCount(_ shape: [Int]) -> Int {
    var count = 1
    for dimension in shape { count &*= dimension }
    return count
}

/// Row-major strides of a contiguous tensor of this shape.
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = running
        running *= shape[axis]
    }
    return strides
}

/// Formats a shape the way PyTorch users read it: `(2, 3)`, `()`.
public func describe(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
}

/// A shape problem found by an op before it computes anything.
///
/// Ops stop the program with this message (`[op] details`), as a precondition failure: a shape
/// mismatch is a programming error, not an input error. The `validate…` functions that produce
/// these are public so callers and tests can check shapes without trapping.
public struct ShapeError: Error, CustomStringConvertible, Equatable {
    /// The op that rejected its operands, e.g. `matmul`.
    public let op: String
    /// What was wrong, with the shapes involved.
    public let details: String

    public init(op: String, _ details: String) {
        self.op = op
        self.details = details
    }

    public var description: String { "[\(op)] \(details)" }
}

/// Stops with the error's message if there is one.
@inline(__always)
func check(_ error: ShapeError?) {
    if let error { preconditionFailure(error.description) }
}

/// Resolves a possibly negative axis against a rank, or describes why it is out of range.
public func normalizeAxis(_ axis: Int, rank: Int, op: String) -> Result<Int, ShapeError> {
    let resolved = axis < 0 ? axis + max(rank, 1) : axis
    guard resolved >= 0, resolved < max(rank, 1) else {
        return .failure(ShapeError(op: op, "axis \(axis) is out of range for a tensor of rank \(rank)"))
    }
    return .success(resolved)
}

/// Resolves an axis or stops with an error naming the op.
func resolveAxis(_ axis: Int, rank: Int, op: String) -> Int {
    switch normalizeAxis(axis, rank: rank, op: op) {
    case .success(let value): return value
    case .failure(let error): preconditionFailure(error.description)
    }
}

/// The NumPy/PyTorch broadcast of two shapes, or an error naming the op and both shapes.
public func broadcastShape(_ a: [Int], _ b: [Int], op: String) -> Result<[Int], ShapeError> {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for index in 0..<rank {
        let da = index < rank - a.count ? 1 : a[index - (rank - a.count)]
        let db = index < rank - b.count ? 1 : b[index - (rank - b.count)]
        if da == db || db == 1 {
            result[index] = da
        } else if da == 1 {
            result[index] = db
        } else {
            return .failure(ShapeError(op: op, "shapes \(describe(a)) and \(describe(b)) cannot be broadcast together"))
        }
    }
    return .success(result)
}

/// Strides that read a tensor of `shape` as if it had the (broadcast) shape `target`:
/// broadcast axes get stride 0.
func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let pad = target.count - shape.count
    return (0..<target.count).map { axis in
        axis < pad || shape[axis - pad] == 1 ? 0 : own[axis - pad]
    }
}

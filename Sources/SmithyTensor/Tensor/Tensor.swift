/// An n-dimensional array of `Float` in contiguous row-major order, and a node of the autodiff graph.
///
/// A tensor is immutable once an op has produced it (only optimizers write parameters in place).
/// Reshapes and slices along the first axis are views that share storage; other layout changes copy.
/// When gradient recording is on and any input `requiresGrad`, an op's result remembers how to
/// send gradients back to its inputs (its `GraphVertex`); `backward()` walks that graph.
public final class Tensor {
    /// Extent of each axis; `[]` is a scalar.
    public let shape: [Int]
    /// The buffer this tensor reads.
    public let storage: TensorStorage
    /// Index of this tensor's first element in `storage`.
    public let offset: Int
    /// Whether gradients flow to this tensor. Parameters set it; op results inherit it from their inputs.
    public var requiresGrad: Bool
    /// The accumulated gradient of a leaf tensor (same shape), or nil before the first backward pass.
    public var grad: Tensor? {
        get { vertex?.grad }
        set { if newValue != nil || vertex != nil { graphVertex.grad = newValue } }
    }
    /// This tensor's place in the autodiff graph, once it has one.
    private var vertex: GraphVertex?

    /// Wraps `storage` starting at `offset` with the given shape.
    public init(shape: [Int], storage: TensorStorage, offset: Int = 0, requiresGrad: Bool = false) {
        precondition(offset + elementCount(shape) <= storage.count, "tensor view exceeds its storage")
        self.shape = shape
        self.storage = storage
        self.offset = offset
        self.requiresGrad = requiresGrad
    }

    /// A tensor with freshly allocated, uninitialised storage (for kernels that write every element).
    public convenience init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: elementCount(shape)))
    }

    /// A tensor holding `scalars` in row-major order.
    public convenience init(_ scalars: [Float], shape: [Int], requiresGrad: Bool = false) {
        precondition(scalars.count == elementCount(shape),
                     "[Tensor] \(scalars.count) values cannot fill shape \(describe(shape))")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { source in
            storage.base.update(from: source.baseAddress!, count: scalars.count)
        }
        self.requiresGrad = requiresGrad
    }

    /// A scalar tensor (shape `[]`).
    public convenience init(scalar: Float) {
        self.init([scalar], shape: [])
    }

    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(count: elementCount(shape), repeating: value))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Number of elements.
    public var count: Int { elementCount(shape) }

    /// Number of axes.
    public var rank: Int { shape.count }

    /// Pointer to the first element (valid while this tensor is alive).
    public var pointer: UnsafeMutablePointer<Float> { storage.base + offset }

    /// The elements in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "[item] tensor of shape \(describe(shape)) has \(count) elements, expected 1")
        return pointer.pointee
    }

    /// The same values, cut off from the graph and not requiring gradients (shares storage).
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage, offset: offset)
    }

    /// A copy with its own storage, cut off from the graph.
    public func copy() -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Whether the tensor is the output of a recorded op (rather than a leaf).
    public var isRecorded: Bool { vertex?.node != nil }

    /// This tensor's place in the autodiff graph, created on first use.
    var graphVertex: GraphVertex {
        if let vertex { return vertex }
        let created = GraphVertex(shape: shape)
        vertex = created
        return created
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor\(describe(shape))[\(preview)\(count > 8 ? ", …" : "")]"
    }
}

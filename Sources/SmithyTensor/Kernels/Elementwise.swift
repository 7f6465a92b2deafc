/// Elementwise kernels: one vectorised loop for maps over one or two operands, with broadcasting.
///
/// Each kernel takes the per-vector function as a closure; the kernels are always inlined, so the
/// closure is specialised into a tight SIMD loop at every call site.

/// Loads `count` floats from `pointer` into a vector (`padding` in the lanes past `count` < 16).
@inlinable @inline(__always)
public func loadVector(_ pointer: UnsafePointer<Float>, _ count: Int, padding: Float = 0) -> Vector {
    if count >= Vector.scalarCount {
        return UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }
    var vector = Vector(repeating: padding)
    for lane in 0..<count { vector[lane] = pointer[lane] }
    return vector
}

/// Stores the first `count` lanes of `vector` at `pointer` (all 16 when `count` ≥ 16).
@inlinable @inline(__always)
public func storeVector(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
    if count >= Vector.scalarCount {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    } else {
        for lane in 0..<count { pointer[lane] = vector[lane] }
    }
}

/// output[i] = f(input[i]) for `count` elements, on all threads when large.
@inline(__always)
func mapElements(_ count: Int, _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                 _ f: (Vector) -> Vector) {
    nonisolated(unsafe) let input = input
    nonisolated(unsafe) let output = output
    ComputeThreads.parallelFor(count) { range in
        var index = range.lowerBound
        while index < range.upperBound {
            let lanes = min(Vector.scalarCount, range.upperBound - index)
            storeVector(f(loadVector(input + index, lanes)), output + index, lanes)
            index += Vector.scalarCount
        }
    }
}

/// output[i] = f(a[i], b[i]) for `count` elements, on all threads when large.
@inline(__always)
func zipElements(_ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                 _ output: UnsafeMutablePointer<Float>, _ f: (Vector, Vector) -> Vector) {
    nonisolated(unsafe) let a = a
    nonisolated(unsafe) let b = b
    nonisolated(unsafe) let output = output
    ComputeThreads.parallelFor(count) { range in
        var index = range.lowerBound
        while index < range.upperBound {
            let lanes = min(Vector.scalarCount, range.upperBound - index)
            storeVector(f(loadVector(a + index, lanes), loadVector(b + index, lanes)), output + index, lanes)
            index += Vector.scalarCount
        }
    }
}

/// A C kernel over `count` contiguous floats: (input, output, count).
typealias UnaryKernel = @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void
/// A C kernel over `count` contiguous floats of two inputs: (a, b, output, count).
typealias BinaryKernel = @convention(c) (UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void

/// Runs `kernel` over `count` elements, split into contiguous ranges across the threads when large.
func runKernel(_ kernel: UnaryKernel, _ count: Int, _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
    nonisolated(unsafe) let (input, output) = (input, output)
    ComputeThreads.parallelFor(count) { range in
        kernel(input + range.lowerBound, output + range.lowerBound, range.count)
    }
}

/// Runs `kernel` over `count` elements of `a` and `b`, split across the threads when large.
func runKernel(_ kernel: BinaryKernel, _ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
               _ output: UnsafeMutablePointer<Float>) {
    nonisolated(unsafe) let (a, b, output) = (a, b, output)
    ComputeThreads.parallelFor(count) { range in
        kernel(a + range.lowerBound, b + range.lowerBound, output + range.lowerBound, range.count)
    }
}

/// A new tensor of `input`'s shape holding f applied to every element.
@inline(__always)
func mapTensor(_ input: Tensor, _ f: (Vector) -> Vector) -> Tensor {
    let result = Tensor(uninitializedShape: input.shape)
    mapElements(input.count, input.pointer, result.pointer, f)
    return result
}

/// f applied to the elements of `a` and `b` after broadcasting them to a common shape.
@inline(__always)
func broadcastZip(_ a: Tensor, _ b: Tensor, op: String, _ f: (Vector, Vector) -> Vector) -> Tensor {
    if a.shape == b.shape {
        let result = Tensor(uninitializedShape: a.shape)
        zipElements(a.count, a.pointer, b.pointer, result.pointer, f)
        return result
    }
    let shape: [Int]
    switch broadcastShape(a.shape, b.shape, op: op) {
    case .success(let value): shape = value
    case .failure(let error): preconditionFailure(error.description)
    }
    let result = Tensor(uninitializedShape: shape)
    let layout = BroadcastLayout(shape: shape, a: a.shape, b: b.shape)
    nonisolated(unsafe) let pa = UnsafePointer(a.pointer)
    nonisolated(unsafe) let pb = UnsafePointer(b.pointer)
    nonisolated(unsafe) let out = result.pointer
    let inner = layout.innerCount
    ComputeThreads.parallelFor(layout.outerCount, grain: max(1, (1 << 15) / max(inner, 1))) { rows in
        for row in rows {
            let (offsetA, offsetB) = layout.offsets(ofOuterIndex: row)
            let rowA = pa + offsetA, rowB = pb + offsetB, rowOut = out + row * inner
            var index = 0
            while index < inner {
                let lanes = min(Vector.scalarCount, inner - index)
                let va = layout.innerStrideA == 0 ? Vector(repeating: rowA.pointee) : loadVector(rowA + index, lanes)
                let vb = layout.innerStrideB == 0 ? Vector(repeating: rowB.pointee) : loadVector(rowB + index, lanes)
                storeVector(f(va, vb), rowOut + index, lanes)
                index += Vector.scalarCount
            }
        }
    }
    return result
}

/// The iteration plan for a broadcast binary op: axes merged where both operands allow it, an
/// innermost run in which each operand is either contiguous (stride 1) or constant (stride 0),
/// and the outer axes walked by index.
struct BroadcastLayout {
    private var outerShape: [Int] = []
    private var outerStridesA: [Int] = []
    private var outerStridesB: [Int] = []
    let innerCount: Int
    let innerStrideA: Int
    let innerStrideB: Int

    init(shape: [Int], a: [Int], b: [Int]) {
        let stridesA = broadcastStrides(of: a, to: shape)
        let stridesB = broadcastStrides(of: b, to: shape)
        // Merge adjacent axes from the right while both operands stay linear across them.
        var dims: [(size: Int, a: Int, b: Int)] = []
        for axis in 0..<shape.count where shape[axis] != 1 {
            let next = (size: shape[axis], a: stridesA[axis], b: stridesB[axis])
            if let last = dims.last, last.a == next.a * next.size, last.b == next.b * next.size {
                dims[dims.count - 1] = (last.size * next.size, next.a, next.b)
            } else {
                dims.append(next)
            }
        }
        // The innermost run must have strides in {0, 1}; otherwise it becomes an outer axis.
        if let last = dims.last, (last.a == 0 || last.a == 1), (last.b == 0 || last.b == 1) {
            innerCount = last.size
            innerStrideA = last.a
            innerStrideB = last.b
            dims.removeLast()
        } else {
            innerCount = 1
            innerStrideA = 0
            innerStrideB = 0
        }
        outerShape = dims.map(\.size)
        outerStridesA = dims.map(\.a)
        outerStridesB = dims.map(\.b)
    }

    /// Number of inner runs.
    var outerCount: Int { elementCount(outerShape) }

    /// Element offsets of the start of inner run `index` in each operand.
    @inline(__always)
    func offsets(ofOuterIndex index: Int) -> (Int, Int) {
        var remainder = index
        var offsetA = 0, offsetB = 0
        for axis in stride(from: outerShape.count - 1, through: 0, by: -1) {
            let size = outerShape[axis]
            let position = remainder % size
            remainder /= size
            offsetA += position * outerStridesA[axis]
            offsetB += position * outerStridesB[axis]
        }
        return (offsetA, offsetB)
    }
}

/// output[i] = f(a[i], b[i], c[i]) for `count` elements, on all threads when large.
@inline(__always)
func zipElements(_ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
                 _ output: UnsafeMutablePointer<Float>, _ f: (Vector, Vector, Vector) -> Vector) {
    nonisolated(unsafe) let a = a
    nonisolated(unsafe) let b = b
    nonisolated(unsafe) let c = c
    nonisolated(unsafe) let output = output
    ComputeThreads.parallelFor(count) { range in
        var index = range.lowerBound
        while index < range.upperBound {
            let lanes = min(Vector.scalarCount, range.upperBound - index)
            let value = f(loadVector(a + index, lanes), loadVector(b + index, lanes), loadVector(c + index, lanes))
            storeVector(value, output + index, lanes)
            index += Vector.scalarCount
        }
    }
}

/// Applies a scalar function lane by lane (for functions with no vector form, such as `erf`).
@inline(__always)
func lanewise(_ v: Vector, _ f: (Float) -> Float) -> Vector {
    var result = Vector()
    for lane in 0..<Vector.scalarCount { result[lane] = f(v[lane]) }
    return result
}

import Dispatch
import SmithyTensor

/// The score a blocked (query, key) pair gets before the softmax, as in the composed path.
let blockedScore: Float = -1e30

/// A row whose running maximum is at or below this saw only blocked keys ("empty row").
let emptyRowThreshold: Float = -5e29

/// Shapes of one attention call: query [batch, heads, queries, headDimension], key and value
/// [batch, heads, keys, headDimension], all contiguous; one (batch, head) pair is a "head slice".
struct AttentionGeometry {
    let batch: Int
    let heads: Int
    let queries: Int
    let keys: Int
    let headDimension: Int

    init(_ op: String, query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask) {
        precondition(query.rank == 4 && key.rank == 4 && value.shape == key.shape
                     && query.shape[0] == key.shape[0] && query.shape[1] == key.shape[1] && query.shape[3] == key.shape[3],
                     "[\(op)] query \(query.shape), key \(key.shape), value \(value.shape) are not [B, H, Lq, d], [B, H, Lk, d] ×2")
        precondition(mask.keyLength == key.shape[2],
                     "[\(op)] mask describes \(mask.keyLength) keys, key has shape \(key.shape)")
        batch = query.shape[0]
        heads = query.shape[1]
        queries = query.shape[2]
        keys = key.shape[2]
        headDimension = query.shape[3]
    }

    /// 1/√d.
    var scale: Float { 1 / Float(headDimension).squareRoot() }
    /// Number of (batch, head) slices.
    var slices: Int { batch * heads }
    /// Offset of slice `slice` in a [B, H, queries, d] tensor.
    func queryOffset(_ slice: Int) -> Int { slice * queries * headDimension }
    /// Offset of slice `slice` in a [B, H, keys, d] tensor.
    func keyOffset(_ slice: Int) -> Int { slice * keys * headDimension }
}

/// A block of bias scores for `queries` × `keys`, [batch or 1, heads or 1, rows or 1, columns or 1],
/// read row by row for one (batch, head). Only fixed biases: the values are taken without gradients.
struct BiasBlock {
    private let tensor: Tensor
    private let queries: Range<Int>
    private let keys: Range<Int>

    init(_ op: String, _ bias: AttentionBias, queries: Range<Int>, keys: Range<Int>) {
        tensor = GradientMode.withoutGradients { bias.scores(queries: queries, keys: keys) }
        precondition(tensor.rank == 4 && (tensor.shape[2] == 1 || tensor.shape[2] == queries.count)
                     && (tensor.shape[3] == 1 || tensor.shape[3] == keys.count),
                     "[\(op)] bias block \(tensor.shape) does not broadcast to [B, H, \(queries.count), \(keys.count)]")
        self.queries = queries
        self.keys = keys
    }

    /// Adds the bias of query `query` (absolute index) for keys `columns` (absolute, within the
    /// block's keys) of batch `batch`, head `head` to `row[0..<columns.count]`.
    func add(to row: UnsafeMutablePointer<Float>, batch: Int, head: Int, query: Int, columns: Range<Int>) {
        let shape = tensor.shape
        let b = shape[0] == 1 ? 0 : batch, h = shape[1] == 1 ? 0 : head
        let r = shape[2] == 1 ? 0 : query - queries.lowerBound
        let source = tensor.pointer + ((b * shape[1] + h) * shape[2] + r) * shape[3]
        if shape[3] == 1 {
            for j in 0..<columns.count { row[j] += source[0] }
        } else {
            let start = source + (columns.lowerBound - keys.lowerBound)
            for j in 0..<columns.count { row[j] += start[j] }
        }
    }

    /// The bias of one (query, key) pair, both absolute.
    func value(batch: Int, head: Int, query: Int, key: Int) -> Float {
        let shape = tensor.shape
        let b = shape[0] == 1 ? 0 : batch, h = shape[1] == 1 ? 0 : head
        let r = shape[2] == 1 ? 0 : query - queries.lowerBound
        let c = shape[3] == 1 ? 0 : key - keys.lowerBound
        return tensor.pointer[((b * shape[1] + h) * shape[2] + r) * shape[3] + c]
    }
}

extension AttentionMask {
    /// Sets `row[j − keys.lowerBound]` to `value` for every key j in `keys` that query `query` of
    /// batch entry `batch` may not attend to.
    func fillBlocked(_ row: UnsafeMutablePointer<Float>, with value: Float, batch: Int, query: Int, keys: Range<Int>) {
        if let keyIsToken {
            let base = batch * keyLength
            for j in keys where !keyIsToken[base + j] { row[j - keys.lowerBound] = value }
        }
        if isCausal {
            let firstBlocked = max(keys.lowerBound, queryOffset + query + 1)
            if firstBlocked < keys.upperBound {
                for j in firstBlocked..<keys.upperBound { row[j - keys.lowerBound] = value }
            }
        }
    }
}

/// Loads `count` (≤ 16) floats from `source` into a vector, `padding` in the unused lanes.
@inline(__always)
private func loadVector(_ source: UnsafePointer<Float>, _ count: Int, padding: Float) -> Vector {
    if count == Vector.scalarCount { return UnsafeRawPointer(source).loadUnaligned(as: Vector.self) }
    var vector = Vector(repeating: padding)
    for lane in 0..<count { vector[lane] = source[lane] }
    return vector
}

@inline(__always)
private func storeVector(_ vector: Vector, _ target: UnsafeMutablePointer<Float>, _ count: Int) {
    if count == Vector.scalarCount {
        UnsafeMutableRawPointer(target).storeBytes(of: vector, as: Vector.self)
    } else {
        for lane in 0..<count { target[lane] = vector[lane] }
    }
}

/// Largest of `row[0..<count]` (−∞ when empty).
func rowMaximum(_ row: UnsafePointer<Float>, _ count: Int) -> Float {
    var maximum = Vector(repeating: -.infinity)
    var j = 0
    while j < count {
        let lanes = min(Vector.scalarCount, count - j)
        let values = loadVector(row + j, lanes, padding: -.infinity)
        maximum.replace(with: values, where: values .> maximum)  // `pointwiseMax` goes lane by lane
        j += lanes
    }
    return maximum.max()
}

/// Replaces `row[j]` by e^(row[j] − shift)·factor and returns the sum of e^(row[j] − shift).
@discardableResult
func exponentiateRow(_ row: UnsafeMutablePointer<Float>, _ count: Int, shift: Float, factor: Float = 1) -> Float {
    var sum = Vector(repeating: 0)
    var j = 0
    while j < count {
        let lanes = min(Vector.scalarCount, count - j)
        let e = vectorExp(loadVector(row + j, lanes, padding: -.infinity) - shift)
        sum += e
        storeVector(e * factor, row + j, lanes)
        j += lanes
    }
    return sum.sum()
}

/// Multiplies `row[0..<count]` by `factor`.
func scaleRow(_ row: UnsafeMutablePointer<Float>, _ count: Int, by factor: Float) {
    for j in 0..<count { row[j] *= factor }
}

/// Σ a[j]·b[j].
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var sum = Vector(repeating: 0)
    var j = 0
    while j + Vector.scalarCount <= count {
        sum += UnsafeRawPointer(a + j).loadUnaligned(as: Vector.self) * UnsafeRawPointer(b + j).loadUnaligned(as: Vector.self)
        j += Vector.scalarCount
    }
    var total = sum.sum()
    while j < count { total += a[j] * b[j]; j += 1 }
    return total
}

/// The softmax backward on one row in place: dP[j] ← P[j]·(dP[j] − Σₖ P[k]·dP[k]).
func softmaxBackwardRow(probabilities: UnsafePointer<Float>, _ gradient: UnsafeMutablePointer<Float>, _ count: Int) {
    let centre = dotProduct(probabilities, gradient, count)
    for j in 0..<count { gradient[j] = probabilities[j] * (gradient[j] - centre) }
}

/// y[0..<count] += a·x[0..<count].
func addScaled(_ x: UnsafePointer<Float>, _ a: Float, to y: UnsafeMutablePointer<Float>, _ count: Int) {
    for j in 0..<count { y[j] += a * x[j] }
}

/// Mean over the `rows` rows of a [rows, width] matrix, into `target[0..<width]`.
func columnMean(_ matrix: UnsafePointer<Float>, rows: Int, width: Int, into target: UnsafeMutablePointer<Float>) {
    target.update(repeating: 0, count: width)
    for r in 0..<rows { addScaled(matrix + r * width, 1, to: target, width) }
    scaleRow(target, width, by: 1 / Float(rows))
}

/// The mean of the values [keys, d] of each head slice, computed on first use: the output of an
/// empty row (uniform weights over all keys). Safe when each slice is used by one thread at a time.
final class ValueMeans {
    private let value: Tensor
    private let shape: AttentionGeometry
    private let means: UnsafeMutablePointer<Float>
    private let computed: UnsafeMutablePointer<Bool>

    init(value: Tensor, shape: AttentionGeometry) {
        self.value = value
        self.shape = shape
        means = .allocate(capacity: shape.slices * shape.headDimension)
        computed = .allocate(capacity: shape.slices)
        computed.initialize(repeating: false, count: shape.slices)
    }

    deinit { means.deallocate(); computed.deallocate() }

    /// The mean value vector [d] of slice `slice`.
    func mean(slice: Int) -> UnsafePointer<Float> {
        let target = means + slice * shape.headDimension
        if !computed[slice] {
            columnMean(value.pointer + shape.keyOffset(slice), rows: shape.keys, width: shape.headDimension, into: target)
            computed[slice] = true
        }
        return UnsafePointer(target)
    }
}

/// Runs `body` once for every head slice in `0..<slices`, spread over `ComputeThreads.count`
/// threads; OpenBLAS runs single-threaded meanwhile (each thread does its own tile products, which
/// are too small to split well). Bodies must write only their own slice's memory.
func forEachHeadSlice(_ slices: Int, _ body: (Int) -> Void) {
    let previous = ComputeThreads.count
    let threads = min(previous, slices)
    if threads <= 1 {
        for slice in 0..<slices { body(slice) }
        return
    }
    ComputeThreads.set(1)
    defer { ComputeThreads.set(previous) }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for slice in stride(from: thread, to: slices, by: threads) { work(slice) }
        }
    }
}

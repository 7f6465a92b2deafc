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

import SmithyTensor

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

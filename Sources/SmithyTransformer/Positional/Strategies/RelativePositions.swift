/// Key position minus query position for a block of query × key pairs, the quantity every
/// relative strategy (ALiBi, T5 buckets, Shaw) reads.
struct RelativePositions {
    /// Number of sequences the values differ over (1 when both position sets are shared).
    let batch: Int
    /// [batch, queries.count, keys.count] row-major: key value − query value.
    let values: [Float]

    /// The differences for `queries` of `queryPositions` against `keys` of `keyPositions`.
    init(queryPositions: TokenPositions, keyPositions: TokenPositions, queries: Range<Int>, keys: Range<Int>) {
        let batch = max(queryPositions.isSequential ? 1 : queryPositions.batch, keyPositions.isSequential ? 1 : keyPositions.batch)
        precondition(queryPositions.isSequential || keyPositions.isSequential || queryPositions.batch == keyPositions.batch
                     || min(queryPositions.batch, keyPositions.batch) == 1,
                     "[relative positions] \(queryPositions.batch) query sequences against \(keyPositions.batch) key sequences")
        var values: [Float] = []
        values.reserveCapacity(batch * queries.count * keys.count)
        for sequence in 0..<batch {
            for query in queries {
                let queryValue = queryPositions.value(sequence: sequence, index: query)
                for key in keys { values.append(keyPositions.value(sequence: sequence, index: key) - queryValue) }
            }
        }
        self.batch = batch
        self.values = values
    }
}

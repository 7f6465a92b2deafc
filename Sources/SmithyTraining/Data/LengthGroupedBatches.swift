import SmithyTensor

/// Batches of sequence indices grouped by length, so each batch pads to a similar length
/// (Hugging Face's `group_by_length` / fairseq's length buckets).
///
/// Indices are shuffled, cut into mega-batches of `batchSize × megaBatchFactor`, each mega-batch is
/// sorted by length (longest first) and cut into batches; the batch order is shuffled again. With
/// `maxTokens`, batches are instead filled until their padded size (count × longest) would exceed it.
public struct LengthGroupedBatches {
    /// The batches, each a list of sequence indices.
    public let batches: [[Int]]

    /// Groups sequences of `lengths` into batches of at most `batchSize` sequences (and at most
    /// `maxTokens` padded tokens when given), shuffled by `generator`.
    public init(lengths: [Int], batchSize: Int, maxTokens: Int? = nil, megaBatchFactor: Int = 50,
                generator: RandomGenerator) {
        precondition(batchSize > 0, "LengthGroupedBatches: batch size must be positive")
        var shuffler = generator
        let order = Array(lengths.indices).shuffled(using: &shuffler)
        let megaBatch = max(batchSize * megaBatchFactor, 1)
        var batches: [[Int]] = []
        for start in stride(from: 0, to: order.count, by: megaBatch) {
            let group = order[start..<min(start + megaBatch, order.count)].sorted { lengths[$0] > lengths[$1] }
            var current: [Int] = []
            var longest = 0
            for index in group {
                let wouldBe = max(longest, lengths[index]) * (current.count + 1)
                if !current.isEmpty && (current.count == batchSize || maxTokens.map { wouldBe > $0 } == true) {
                    batches.append(current)
                    current = []
                    longest = 0
                }
                current.append(index)
                longest = max(longest, lengths[index])
            }
            if !current.isEmpty { batches.append(current) }
        }
        self.batches = batches.shuffled(using: &shuffler)
    }
}

/// Token sequences padded to a common length: ids [batch × length] row-major and a flag per token
/// (`true` = real token).
public struct PaddedBatch {
    public let ids: [Int]
    public let isToken: [Bool]
    public let batch: Int
    public let length: Int

    /// Pads `sequences` with `padding` to the longest one (capped at `maxLength`, which truncates).
    public init(_ sequences: [[Int]], padding: Int, maxLength: Int? = nil) {
        let length = min(sequences.map(\.count).max() ?? 0, maxLength ?? .max)
        var ids: [Int] = [], isToken: [Bool] = []
        ids.reserveCapacity(sequences.count * length)
        for sequence in sequences {
            let kept = sequence.prefix(length)
            ids += kept
            isToken += Array(repeating: true, count: kept.count)
            ids += Array(repeating: padding, count: length - kept.count)
            isToken += Array(repeating: false, count: length - kept.count)
        }
        self.ids = ids
        self.isToken = isToken
        batch = sequences.count
        self.length = length
    }
}

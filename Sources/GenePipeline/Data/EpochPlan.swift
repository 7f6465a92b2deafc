import SmithyTensor
import SmithyTraining

/// The batches of one pretraining epoch, a pure function of the cell lengths, the hold-out, the
/// settings and (seed, epoch) — so a resumed run sees exactly the batches an uninterrupted one does.
///
/// Cells are visited shard by shard (contiguous `shardSize` cells, read together), shards in an
/// order shuffled per epoch; within a shard the training cells are length-grouped into batches.
struct EpochPlan {
    /// One shard's cells and its batches of absolute cell indices.
    struct Shard {
        let cells: Range<Int>
        let batches: [[Int]]
    }

    let shards: [Shard]

    var batchCount: Int { shards.reduce(0) { $0 + $1.batches.count } }

    /// `lengths` [cells] are token counts; `includes` picks the cells taking part.
    init(lengths: [Int32], includes: (Int) -> Bool, settings: TrainingSettings, generator: RandomGenerator) {
        let ranges = stride(from: 0, to: lengths.count, by: settings.shardSize).map { $0..<min($0 + settings.shardSize, lengths.count) }
        var shuffler = generator
        shards = ranges.shuffled(using: &shuffler).compactMap { range in
            let cells = range.filter(includes)
            guard !cells.isEmpty else { return nil }
            let grouped = LengthGroupedBatches(lengths: cells.map { min(Int(lengths[$0]), settings.maxLength) },
                                               batchSize: settings.batchSize,
                                               maxTokens: settings.maxTokens > 0 ? settings.maxTokens : nil,
                                               generator: generator)
            return Shard(cells: range, batches: grouped.batches.map { $0.map { cells[$0] } })
        }
    }

    /// The generator of one purpose (`stream`) in one epoch, from the run's seed.
    static func generator(seed: Int, epoch: Int, stream: UInt64) -> RandomGenerator {
        RandomGenerator(seed: UInt64(bitPattern: Int64(seed)) &* 1_000_003 &+ UInt64(bitPattern: Int64(epoch)) &* 7919 &+ stream)
    }
}

import SmithyTensor
import SmithyTraining

/// One masked-LM batch: cells padded to their longest (dynamic padding), BERT-masked.
struct MaskedBatch {
    let padded: PaddedBatch
    /// The corrupted ids [batch × length].
    let ids: [Int]
    /// Original id at each masked position, −100 elsewhere [batch × length].
    let labels: [Int]
    /// Number of masked positions.
    let maskedCount: Int

    init(cells: [[Int]], masking: MaskedLanguageModeling, padding: Int, maxLength: Int, generator: RandomGenerator) {
        padded = PaddedBatch(cells, padding: padding, maxLength: maxLength)
        let (corrupted, targets) = masking.mask(padded.ids, isToken: padded.isToken, generator: generator)
        var labels = [Int](repeating: -100, count: corrupted.count)
        for target in targets { labels[target.position] = target.id }
        ids = corrupted
        self.labels = labels
        maskedCount = targets.count
    }

    var shape: [Int] { [padded.batch, padded.length] }
    /// Real (non-padding) tokens.
    var tokenCount: Int { padded.isToken.reduce(0) { $0 + ($1 ? 1 : 0) } }
}

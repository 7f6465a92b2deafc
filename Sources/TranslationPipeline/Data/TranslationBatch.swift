import SmithyText
import SmithyTraining

/// A teacher-forcing batch: padded sources [B, Ls], decoder inputs `<s>`·y [B, Lt] and expected
/// outputs y·`</s>` [B·Lt] (padding where a row is shorter, which the loss ignores).
public struct TranslationBatch {
    public let source: PaddedBatch
    public let targetInput: PaddedBatch
    /// [B·Lt] expected next tokens, the padding id past each row's end.
    public let targetOutput: [Int]
    /// Target tokens the loss is averaged over.
    public let targetTokenCount: Int

    /// The batch of pairs `indices` of `corpus`.
    public init(_ corpus: EncodedCorpus, indices: [Int]) {
        let pad = SpecialTokens.padID
        source = PaddedBatch(indices.map { corpus.sources[$0] }, padding: pad)
        targetInput = PaddedBatch(indices.map { [SpecialTokens.bosID] + corpus.targets[$0] }, padding: pad)
        targetOutput = PaddedBatch(indices.map { corpus.targets[$0] + [SpecialTokens.eosID] }, padding: pad).ids
        targetTokenCount = indices.reduce(0) { $0 + corpus.targets[$1].count + 1 }
    }

    /// [B, Ls].
    public var sourceShape: [Int] { [source.batch, source.length] }
    /// [B, Lt].
    public var targetShape: [Int] { [targetInput.batch, targetInput.length] }
}

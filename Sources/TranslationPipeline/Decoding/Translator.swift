import Foundation
import SmithyText
import SmithyTraining
import SmithyTransformer

/// Translates sentences with a trained model: source sentences are sorted by length, decoded in
/// batches (greedy for beam width 1, otherwise the toolkit's batched beam search, both through the
/// key/value cache unless told otherwise), and returned detokenised in input order.
public struct Translator {
    public let model: Seq2SeqTransformer
    public let tokenizers: TranslationTokenizers
    /// 1: greedy decoding.
    public var beamWidth: Int
    /// α of the GNMT length penalty used by beam search.
    public var lengthPenalty: Float
    /// Most target tokens per sentence; nil: 2 × the batch's longest source + 10, capped by the
    /// model's maximum length.
    public var maximumLength: Int?
    /// Sentences decoded together.
    public var batchSize: Int
    public var useCache: Bool

    public init(model: Seq2SeqTransformer, tokenizers: TranslationTokenizers, beamWidth: Int = 4, lengthPenalty: Float = 0.6,
                maximumLength: Int? = nil, batchSize: Int = 32, useCache: Bool = true) {
        precondition(beamWidth > 0 && batchSize > 0, "[Translator] beam width \(beamWidth) and batch size \(batchSize) must be positive")
        self.model = model
        self.tokenizers = tokenizers
        self.beamWidth = beamWidth
        self.lengthPenalty = lengthPenalty
        self.maximumLength = maximumLength
        self.batchSize = batchSize
        self.useCache = useCache
    }

    /// One detokenised translation per sentence, in order. `progress(done, total)` follows the sentences.
    public func translate(_ sentences: [String], progress: (Int, Int) -> Void = { _, _ in }) -> [String] {
        let sources = sentences.map { Array(tokenizers.source.encode($0, addEOS: true).prefix(model.configuration.maximumLength)) }
        let order = sources.indices.sorted { sources[$0].count > sources[$1].count }
        var translations = Array(repeating: "", count: sentences.count)
        var done = 0
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let rows = Array(order[start..<min(start + batchSize, order.count)])
            let outputs = translateBatch(rows.map { sources[$0] })
            for (row, tokens) in zip(rows, outputs) { translations[row] = detokenise(tokens) }
            done += rows.count
            progress(done, sentences.count)
        }
        return translations
    }

    /// The generated target ids of each source (end-of-sequence and what follows removed).
    public func translateBatch(_ sources: [[Int]]) -> [[Int]] {
        let batch = PaddedBatch(sources, padding: SpecialTokens.padID)
        let longest = min(maximumLength ?? 2 * batch.length + 10, model.configuration.maximumLength)
        let shape = [batch.batch, batch.length]
        let isToken = batch.isToken.contains(false) ? batch.isToken : nil
        let generated: [[Int]]
        if beamWidth == 1 {
            generated = GreedyDecoder(beginToken: SpecialTokens.bosID, endToken: SpecialTokens.eosID, paddingToken: SpecialTokens.padID,
                                      maximumLength: longest, useCache: useCache)
                .generate(model, sourceIds: batch.ids, shape: shape, sourceIsToken: isToken)
        } else {
            generated = BeamSearchDecoder(beginToken: SpecialTokens.bosID, endToken: SpecialTokens.eosID, beamWidth: beamWidth,
                                          maximumLength: longest, lengthPenaltyAlpha: lengthPenalty, useCache: useCache)
                .generate(model, sourceIds: batch.ids, shape: shape, sourceIsToken: isToken).map(\.tokens)
        }
        return generated.map { tokens in Array(tokens.prefix { $0 != SpecialTokens.eosID }) }
    }

    /// The text of target ids, without surrounding whitespace.
    private func detokenise(_ tokens: [Int]) -> String {
        tokenizers.target.decode(tokens).trimmingCharacters(in: .whitespaces)
    }
}

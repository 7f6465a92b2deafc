import SmithyTensor

/// The per-batch state a model keeps between decoding steps (the prefix so far, key/value caches,
/// the encoder output). Rows are batch entries (sentences, or sentences × beams).
public protocol DecodingCache: AnyObject {
    /// Number of rows.
    var batch: Int { get }
    /// Keeps only rows `indices`, in that order; repeats allowed (beam expansion and reordering).
    func select(batchEntries indices: [Int])
}

/// What the generators need from an encoder-decoder model. Difference from the original (whose
/// generators call `forward_decode` on the whole prefix every step): the model is fed one new
/// token per row per step and keeps what it needs in its cache.
public protocol Seq2SeqGenerating: AnyObject {
    associatedtype Cache: DecodingCache
    /// Encoder output [B, Ls, D] for `sourceIds` laid out as `shape` [B, Ls]; `sourceIsToken`
    /// [B·Ls] flags real tokens (nil: no padding).
    func encode(sourceIds: [Int], shape: [Int], sourceIsToken: [Bool]?) -> Tensor
    /// An empty decoding state for `memory` [B, Ls, D]. Without `useCache`, every step recomputes
    /// the whole prefix (the reference for the cached path).
    func makeCache(memory: Tensor, sourceIsToken: [Bool]?, useCache: Bool) -> Cache
    /// Log-probabilities [B, V] of the next token after feeding `lastTokens` (one per row).
    func decodeStep(_ lastTokens: [Int], cache: Cache) -> Tensor
}

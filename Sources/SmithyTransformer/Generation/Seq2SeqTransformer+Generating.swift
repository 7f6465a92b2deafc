import SmithyTensor

extension Seq2SeqTransformer: Seq2SeqGenerating {
    public func makeCache(memory: Tensor, sourceIsToken: [Bool]?, useCache: Bool) -> Seq2SeqDecodingCache {
        Seq2SeqDecodingCache(memory: memory, sourceIsToken: sourceIsToken, layers: useCache ? decoder.makeCache() : nil)
    }

    /// Cached: decodes only the new position. Uncached: decodes the whole prefix and keeps its last position.
    public func decodeStep(_ lastTokens: [Int], cache: Seq2SeqDecodingCache) -> Tensor {
        cache.append(lastTokens)
        let batch = cache.batch
        let logits: Tensor
        if let layers = cache.layers {
            logits = decode(targetIds: lastTokens, shape: [batch, 1], memory: cache.memory,
                            sourceIsToken: cache.sourceIsToken, cache: layers)
        } else {
            let length = cache.prefixes[0].count
            let all = decode(targetIds: cache.prefixes.flatMap { $0 }, shape: [batch, length], memory: cache.memory,
                             sourceIsToken: cache.sourceIsToken)
            logits = all.slice(axis: 1, (length - 1)..<length)
        }
        return logits.reshaped([batch, logits.shape[2]]).logSoftmax(axis: -1)
    }
}

import SmithyTensor

/// The decoding state of a `Seq2SeqTransformer`: the encoder output, the source padding, the
/// target prefix fed so far and, when caching, each decoder layer's keys and values.
public final class Seq2SeqDecodingCache: DecodingCache {
    /// [B, Ls, D].
    public private(set) var memory: Tensor
    /// [B·Ls] real-token flags, nil without padding.
    public private(set) var sourceIsToken: [Bool]?
    /// The tokens fed so far, one array per row.
    public private(set) var prefixes: [[Int]]
    /// One cache per decoder layer; nil when every step recomputes the whole prefix.
    public let layers: [DecoderLayerCache]?

    public init(memory: Tensor, sourceIsToken: [Bool]?, layers: [DecoderLayerCache]?) {
        self.memory = memory
        self.sourceIsToken = sourceIsToken
        self.layers = layers
        prefixes = Array(repeating: [], count: memory.shape[0])
    }

    public var batch: Int { prefixes.count }

    /// Appends one token per row to the prefixes.
    public func append(_ tokens: [Int]) {
        precondition(tokens.count == batch, "[Seq2SeqDecodingCache] \(tokens.count) tokens for \(batch) rows")
        for row in 0..<batch { prefixes[row].append(tokens[row]) }
    }

    public func select(batchEntries indices: [Int]) {
        memory = gatherBatch(memory, indices)
        if let flags = sourceIsToken {
            let length = memory.shape[1]
            sourceIsToken = indices.flatMap { flags[($0 * length)..<(($0 + 1) * length)] }
        }
        prefixes = indices.map { prefixes[$0] }
        layers?.forEach { $0.select(batchEntries: indices) }
    }
}

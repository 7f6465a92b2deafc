import SmithyTensor

/// Which keys each query may attend to: padding of the key sequence and causal order.
///
/// Differences from the original: the padding mask is typed (one flag per key, `true` = a real
/// token) rather than an int tensor in `**kwargs`, and causal masking supports a query offset, so
/// a decoder reading its cache (queries at positions `queryOffset…`) still sees only the past.
public struct AttentionMask {
    /// `[batch × keyLength]` flags, row-major: `true` where the key is a real token. Nil: no padding.
    public var keyIsToken: [Bool]?
    /// Number of key positions `keyIsToken` describes per batch entry.
    public var keyLength: Int
    /// Whether query i may only see keys at positions ≤ queryOffset + i.
    public var isCausal: Bool
    /// Position of the first query among the keys (non-zero when decoding with a cache).
    public var queryOffset: Int

    public init(keyIsToken: [Bool]? = nil, keyLength: Int, isCausal: Bool = false, queryOffset: Int = 0) {
        self.keyIsToken = keyIsToken
        self.keyLength = keyLength
        self.isCausal = isCausal
        self.queryOffset = queryOffset
    }

    /// No restriction.
    public static func none(keyLength: Int) -> AttentionMask { AttentionMask(keyLength: keyLength) }

    /// Whether nothing is masked.
    public var isEmpty: Bool { keyIsToken == nil && !isCausal }

    /// Whether query `query` of batch entry `batch` may attend to key `key`.
    @inline(__always)
    public func allows(batch: Int, query: Int, key: Int) -> Bool {
        if isCausal && key > queryOffset + query { return false }
        if let keyIsToken, !keyIsToken[batch * keyLength + key] { return false }
        return true
    }

    /// A 0/1 tensor, 1 where attention is blocked, broadcastable to [batch, heads, queries, keys]:
    /// [batch or 1, 1, queries or 1, keys]. Nil when nothing is blocked.
    public func blockedTensor(batch: Int, queries: Int) -> Tensor? {
        if isEmpty { return nil }
        let maskBatch = keyIsToken == nil ? 1 : batch
        let maskQueries = isCausal ? queries : 1
        let blocked = Tensor(uninitializedShape: [maskBatch, 1, maskQueries, keyLength])
        var index = 0
        for b in 0..<maskBatch {
            for q in 0..<maskQueries {
                for k in 0..<keyLength {
                    blocked.pointer[index] = allows(batch: b, query: q, key: k) ? 0 : 1
                    index += 1
                }
            }
        }
        return blocked
    }
}

extension AttentionMask {
    /// Sets `row[j − keys.lowerBound]` to `value` for every key j in `keys` that query `query` of
    /// batch entry `batch` may not attend to.
    func fillBlocked(_ row: UnsafeMutablePointer<Float>, with value: Float, batch: Int, query: Int, keys: Range<Int>) {
        if let keyIsToken {
            let base = batch * keyLength
            for j in keys where !keyIsToken[base + j] { row[j - keys.lowerBound] = value }
        }
        if isCausal {
            let firstBlocked = max(keys.lowerBound, queryOffset + query + 1)
            if firstBlocked < keys.upperBound {
                for j in firstBlocked..<keys.upperBound { row[j - keys.lowerBound] = value }
            }
        }
    }
}

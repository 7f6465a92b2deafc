/// Counts the n-grams of tokenized segments, comparing tokens code point by code point as Python does
/// (Swift `String` equality would treat canonically equivalent tokens such as `é` and `e◌́` as equal).
struct NGramCounter {
    let maxOrder: Int
    private var tokenIDs: [[Unicode.Scalar]: Int32] = [:]

    init(maxOrder: Int) { self.maxOrder = maxOrder }

    /// The counts of all n-grams of orders 1...maxOrder of a tokenized line, and its length in tokens.
    mutating func count(_ tokenizedLine: [Unicode.Scalar]) -> (ngrams: [[Int32]: Int], length: Int) {
        let ids = PythonText.split(tokenizedLine).map { intern(Array($0)) }
        var ngrams: [[Int32]: Int] = [:]
        for order in 1...maxOrder where order <= ids.count {
            for start in 0...(ids.count - order) {
                ngrams[Array(ids[start..<(start + order)]), default: 0] += 1
            }
        }
        return (ngrams, ids.count)
    }

    /// The statistics of one hypothesis against its references (sacreBLEU's `_compute_segment_statistics`).
    mutating func statistics(hypothesis: [Unicode.Scalar], references: [[Unicode.Scalar]]) -> BLEUStatistics {
        var referenceNGrams: [[Int32]: Int] = [:]
        var referenceLengths: [Int] = []
        for reference in references {
            let (ngrams, length) = count(reference)
            referenceLengths.append(length)
            referenceNGrams.merge(ngrams, uniquingKeysWith: max)
        }
        let (hypothesisNGrams, hypothesisLength) = count(hypothesis)
        var statistics = BLEUStatistics(maxOrder: maxOrder)
        statistics.sysLen = hypothesisLength
        statistics.refLen = Self.closestLength(to: hypothesisLength, among: referenceLengths)
        for (ngram, count) in hypothesisNGrams {
            statistics.totals[ngram.count - 1] += count
            statistics.counts[ngram.count - 1] += min(count, referenceNGrams[ngram] ?? 0)
        }
        return statistics
    }

    /// The reference length closest to `length`; on a tie, the shorter one.
    static func closestLength(to length: Int, among lengths: [Int]) -> Int {
        var best: (difference: Int, length: Int)? = nil
        for candidate in lengths {
            let difference = abs(length - candidate)
            if best == nil || difference < best!.difference
                || (difference == best!.difference && candidate < best!.length) {
                best = (difference, candidate)
            }
        }
        return best?.length ?? -1
    }

    private mutating func intern(_ token: [Unicode.Scalar]) -> Int32 {
        if let id = tokenIDs[token] { return id }
        let id = Int32(tokenIDs.count)
        tokenIDs[token] = id
        return id
    }
}

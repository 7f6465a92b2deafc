/// Corpus-level BLEU sufficient statistics: lengths and per-order n-gram matches and totals.
public struct BLEUStatistics: Equatable, Sendable {
    /// Hypothesis length in tokens.
    public var sysLen: Int
    /// Closest reference length in tokens (ties go to the shorter reference).
    public var refLen: Int
    /// Clipped n-gram matches for orders 1...maxOrder.
    public var counts: [Int]
    /// Hypothesis n-grams for orders 1...maxOrder.
    public var totals: [Int]

    public init(maxOrder: Int) {
        sysLen = 0
        refLen = 0
        counts = Array(repeating: 0, count: maxOrder)
        totals = Array(repeating: 0, count: maxOrder)
    }

    mutating func add(_ other: BLEUStatistics) {
        sysLen += other.sysLen
        refLen += other.refLen
        for order in counts.indices {
            counts[order] += other.counts[order]
            totals[order] += other.totals[order]
        }
    }
}

import Foundation

/// A deterministic, realistic-looking sparse count matrix for benchmarks: each cell expresses about
/// `genesPerCell` genes (±25 %), drawn with a skew toward low gene indices (popular genes), with
/// geometric-like counts (mostly 1–3, a long tail).
public struct SyntheticCountMatrix {
    public let cellCount: Int
    public let geneCount: Int
    public let genesPerCell: Int
    private var random: SplitMix64
    private var seenInCell: [Int32]

    public init(cellCount: Int, geneCount: Int, genesPerCell: Int, seed: UInt64 = 20240601) {
        self.cellCount = cellCount
        self.geneCount = geneCount
        self.genesPerCell = min(genesPerCell, geneCount)
        random = SplitMix64(seed: seed)
        seenInCell = [Int32](repeating: -1, count: geneCount)
    }

    /// Generates the cells `range` into `rows` (genes ascending within each cell).
    public mutating func generate(_ range: Range<Int>, into rows: inout CellRows) {
        rows.reset(firstCell: range.lowerBound)
        var genes: [Int32] = []
        for cell in range {
            let spread = genesPerCell / 4
            let target = genesPerCell - spread + Int(random.next() % UInt64(2 * spread + 1))
            genes.removeAll(keepingCapacity: true)
            while genes.count < min(target, geneCount) {
                let u = random.nextUnit()
                let gene = min(geneCount - 1, Int(Double(geneCount) * u * u))
                if seenInCell[gene] == Int32(truncatingIfNeeded: cell) { continue }
                seenInCell[gene] = Int32(truncatingIfNeeded: cell)
                genes.append(Int32(gene))
            }
            genes.sort()
            for gene in genes {
                rows.geneIndices.append(gene)
                rows.counts.append(1 + (-log(1 - random.nextUnit()) * 1.5).rounded(.down))
            }
            rows.rowStarts.append(rows.counts.count)
        }
    }
}

/// A small, fast, seedable random number generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

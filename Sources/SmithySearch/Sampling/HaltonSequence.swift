import SmithyTensor

/// A scrambled Halton sequence: point `i`, dimension `d` is the radical inverse of `i` in the d-th
/// prime base with its digits permuted (a random permutation per dimension that keeps 0, so the
/// sequence's stratification survives) and then shifted by a random offset modulo 1 (a
/// Cranley–Patterson rotation). The first bᵏ points of dimension d fall in bᵏ distinct strata.
public struct HaltonSequence: Sendable {
    public let dimensions: Int
    private let bases: [Int]
    private let permutations: [[Int]]
    private let shifts: [Double]

    /// The scrambling is a function of `seed`.
    public init(dimensions: Int, seed: UInt64) {
        self.dimensions = dimensions
        bases = Self.primes(dimensions)
        var generator = RandomGenerator(seed: seed ^ 0x4841_4C54_4F4E)
        permutations = bases.map { base in [0] + Array(1..<base).shuffled(using: &generator) }
        shifts = bases.map { _ in generator.unit() }
    }

    /// Point `index` (0-based), coordinates in [0, 1).
    public func point(_ index: Int) -> [Double] {
        (0..<dimensions).map { dimension in
            let base = bases[dimension], permutation = permutations[dimension]
            var value = 0.0, scale = 1.0 / Double(base), remaining = index
            while remaining > 0 {
                value += Double(permutation[remaining % base]) * scale
                remaining /= base
                scale /= Double(base)
            }
            let shifted = value + shifts[dimension]
            return shifted - shifted.rounded(.down)
        }
    }

    private static func primes(_ count: Int) -> [Int] {
        var primes: [Int] = []
        var candidate = 2
        while primes.count < count {
            if primes.allSatisfy({ candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 1
        }
        return primes
    }
}

import Foundation

/// Which cells of a pretraining dataset are held out for validation: each cell independently, by a
/// hash of (seed, cell index), so the choice needs no memory per cell and never changes between runs
/// with the same seed. At least one cell is held out.
public struct CellHoldout: Equatable {
    public let seed: Int
    public let fraction: Double
    /// The cell held out when the hash selects none (tiny datasets).
    private let fallback: Int?

    public init(cellCount: Int, fraction: Double, seed: Int) {
        self.seed = seed
        self.fraction = fraction
        let anySelected = (0..<cellCount).contains { Self.score(cell: $0, seed: seed) < fraction }
        fallback = anySelected ? nil : (0..<cellCount).min { Self.score(cell: $0, seed: seed) < Self.score(cell: $1, seed: seed) }
    }

    /// Whether `cell` is held out.
    public func isValidation(_ cell: Int) -> Bool {
        cell == fallback || Self.score(cell: cell, seed: seed) < fraction
    }

    /// A uniform value in [0, 1) from (seed, cell) (SplitMix64 finaliser).
    static func score(cell: Int, seed: Int) -> Double {
        var z = UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(cell) &+ 0x632B_E59B_D9B4_E019
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}

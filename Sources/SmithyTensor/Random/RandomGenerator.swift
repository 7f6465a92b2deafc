import Foundation

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The same seed gives the same sequence on every run and machine. It is a class so that one
/// generator can be shared by the parts of a model that draw from it (initialisers, dropout) and
/// saved in checkpoints through `state`.
public final class RandomGenerator: RandomNumberGenerator {
    private var core: Xoshiro256StarStar

    /// The four 64-bit words of generator state (save them to resume a run exactly).
    public var state: [UInt64] {
        get { [core.s0, core.s1, core.s2, core.s3] }
        set {
            precondition(newValue.count == 4, "RandomGenerator state has 4 words, got \(newValue.count)")
            core = Xoshiro256StarStar(s0: newValue[0], s1: newValue[1], s2: newValue[2], s3: newValue[3])
        }
    }

    /// A generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func next() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        core = Xoshiro256StarStar(s0: next(), s1: next(), s2: next(), s3: next())
    }

    /// The next 64 random bits.
    public func next() -> UInt64 { core.next() }

    /// Runs `body` on a local copy of the generator's state and keeps the advanced state: bulk
    /// draws (dropout masks) then avoid per-draw access checks on the class's stored state.
    public func withBulkDraws<T>(_ body: (inout Xoshiro256StarStar) -> T) -> T {
        var local = core
        defer { core = local }
        return body(&local)
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    public func nextUniform() -> Float {
        Float(next() >> 40) * (1 / Float(1 << 24))
    }

    /// A standard normal Float (Box–Muller on two uniform Doubles).
    public func nextNormal() -> Float {
        let u1 = (Double(next() >> 11) + 1) * (1 / Double(1 << 53))
        let u2 = Double(next() >> 11) * (1 / Double(1 << 53))
        return Float((-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// An integer in `0..<upperBound` (Lemire's multiply-high mapping of 64 random bits).
    public func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextIndex(below:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(upperBound)).high)
    }

}

/// The xoshiro256** state and step (Blackman & Vigna), as a value for tight loops.
public struct Xoshiro256StarStar {
    public var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension Tensor {
    /// Independent draws from N(mean, std²).
    public static func randomNormal(_ shape: [Int], mean: Float = 0, std: Float = 1, generator: RandomGenerator) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        for index in 0..<result.count { result.pointer[index] = mean + std * generator.nextNormal() }
        return result
    }

    /// Independent draws from U[low, high).
    public static func randomUniform(_ shape: [Int], low: Float, high: Float, generator: RandomGenerator) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        for index in 0..<result.count { result.pointer[index] = low + (high - low) * generator.nextUniform() }
        return result
    }
}

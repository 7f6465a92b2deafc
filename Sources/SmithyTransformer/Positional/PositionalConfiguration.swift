import SmithyNN
import SmithyTensor

/// Which positional strategies a model uses and their settings, as stored in a model configuration
/// (every key optional when decoding; absent means off).
public struct PositionalConfiguration: Codable, Equatable, Sendable {
    /// Settings of `LearnedPositions`.
    public struct LearnedSettings: Codable, Equatable, Sendable {
        public var maxLength: Int
        /// Initial standard deviation: 1 as the original, 0.02 as BERT.
        public var std: Float
        public init(maxLength: Int, std: Float = 1) { self.maxLength = maxLength; self.std = std }
    }

    /// Settings of `RotaryPositions`.
    public struct RotarySettings: Codable, Equatable, Sendable {
        public var convention: RotaryConvention
        public var base: Float
        /// Share of each head rotated (rounded down to an even width), as GPT-NeoX's `rotary_pct`.
        public var fraction: Float
        public init(convention: RotaryConvention = .interleaved, base: Float = 10000, fraction: Float = 1) {
            self.convention = convention; self.base = base; self.fraction = fraction
        }
    }

    /// Settings of `RelativePositionBucketBias`.
    public struct T5Settings: Codable, Equatable, Sendable {
        public var buckets: Int
        public var maxDistance: Int
        public init(buckets: Int = 32, maxDistance: Int = 128) { self.buckets = buckets; self.maxDistance = maxDistance }
    }

    /// Settings of `ShawRelativePositions`.
    public struct ShawSettings: Codable, Equatable, Sendable {
        /// The clipping distance k.
        public var maxDistance: Int
        public init(maxDistance: Int) { self.maxDistance = maxDistance }
    }

    public var sinusoidal: Bool
    public var learned: LearnedSettings?
    public var rotary: RotarySettings?
    /// ALiBi with the paper's slopes.
    public var alibi: Bool
    public var t5Bias: T5Settings?
    public var shaw: ShawSettings?

    public init(sinusoidal: Bool = false, learned: LearnedSettings? = nil, rotary: RotarySettings? = nil,
                alibi: Bool = false, t5Bias: T5Settings? = nil, shaw: ShawSettings? = nil) {
        self.sinusoidal = sinusoidal
        self.learned = learned
        self.rotary = rotary
        self.alibi = alibi
        self.t5Bias = t5Bias
        self.shaw = shaw
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(sinusoidal: try container.decodeIfPresent(Bool.self, forKey: .sinusoidal) ?? false,
                  learned: try container.decodeIfPresent(LearnedSettings.self, forKey: .learned),
                  rotary: try container.decodeIfPresent(RotarySettings.self, forKey: .rotary),
                  alibi: try container.decodeIfPresent(Bool.self, forKey: .alibi) ?? false,
                  t5Bias: try container.decodeIfPresent(T5Settings.self, forKey: .t5Bias),
                  shaw: try container.decodeIfPresent(ShawSettings.self, forKey: .shaw))
    }

    /// The strategies switched on, in the order sinusoidal, learned, rotary, ALiBi, T5, Shaw, or nil
    /// when none is (a model then skips every positional hook).
    public func makeEncodings(modelDimension: Int, heads: Int, generator: RandomGenerator) -> PositionalEncodings? {
        precondition(modelDimension % heads == 0, "[PositionalConfiguration] \(modelDimension) is not divisible by \(heads) heads")
        let headDimension = modelDimension / heads
        var strategies: [Module] = []
        if sinusoidal { strategies.append(SinusoidalPositions()) }
        if let learned {
            strategies.append(LearnedPositions(maxLength: learned.maxLength, dimension: modelDimension, std: learned.std, generator: generator))
        }
        if let rotary {
            let rotated = Int(Float(headDimension) * rotary.fraction) / 2 * 2
            strategies.append(RotaryPositions(headDimension: headDimension, rotatedDimension: rotated, base: rotary.base,
                                              convention: rotary.convention))
        }
        if alibi { strategies.append(ALiBiBias(heads: heads)) }
        if let t5Bias {
            strategies.append(RelativePositionBucketBias(heads: heads, buckets: t5Bias.buckets, maxDistance: t5Bias.maxDistance,
                                                         std: 1 / Float(modelDimension).squareRoot(), generator: generator))
        }
        if let shaw { strategies.append(ShawRelativePositions(headDimension: headDimension, maxDistance: shaw.maxDistance, generator: generator)) }
        return strategies.isEmpty ? nil : PositionalEncodings(strategies)
    }
}

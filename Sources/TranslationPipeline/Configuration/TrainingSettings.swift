/// The optimisation recipe of `smithy translate train` (Attention Is All You Need, §5.3–5.4):
/// Adam(β₁ 0.9, β₂ 0.98, ε 1e-9) with the inverse-square-root warm-up schedule, label smoothing,
/// token-count batches.
public struct TrainingSettings: Codable, Equatable, Sendable {
    public var epochs: Int
    /// Padded tokens per batch, on the longer of the source and target side.
    public var maxTokensPerBatch: Int
    /// Warm-up steps of the inverse-square-root schedule.
    public var warmupSteps: Int
    /// Multiplies the schedule d^−½ · min(s^−½, s · warmup^−³⁄₂) (the Annotated Transformer's `factor`).
    public var learningRateFactor: Float
    /// ε of label-smoothed cross-entropy (ε/V spread over every class).
    public var labelSmoothing: Float
    /// Gradients are rescaled to at most this global L2 norm (0: no clipping).
    public var clipNorm: Float
    /// Pairs whose source (with end-of-sequence) or target (with begin/end) is longer are dropped.
    public var maxSentenceTokens: Int
    public var seed: UInt64
    /// Validation BLEU (greedy) is computed on the first this many validation pairs each epoch.
    public var validationBleuSentences: Int

    public init(epochs: Int = 10, maxTokensPerBatch: Int = 4096, warmupSteps: Int = 4000, learningRateFactor: Float = 1,
                labelSmoothing: Float = 0.1, clipNorm: Float = 1, maxSentenceTokens: Int = 100, seed: UInt64 = 42,
                validationBleuSentences: Int = 500) {
        self.epochs = epochs
        self.maxTokensPerBatch = maxTokensPerBatch
        self.warmupSteps = warmupSteps
        self.learningRateFactor = learningRateFactor
        self.labelSmoothing = labelSmoothing
        self.clipNorm = clipNorm
        self.maxSentenceTokens = maxSentenceTokens
        self.seed = seed
        self.validationBleuSentences = validationBleuSentences
    }

    /// Adam's β₁, β₂ and ε, as in the paper.
    public static let adamBeta1: Float = 0.9
    public static let adamBeta2: Float = 0.98
    public static let adamEpsilon: Float = 1e-9
}

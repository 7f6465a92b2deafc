/// The `[training]` table of a configuration file and the matching command-line flags.
public struct TrainingSettings: Codable, Equatable, Sendable {
    public var epochs: Int
    /// Cells per batch (fewer when `maxTokens` caps a batch of long cells).
    public var batchSize: Int
    /// Padded tokens per batch at most (0: no cap).
    public var maxTokens: Int
    /// Peak learning rate of AdamW.
    public var learningRate: Float
    /// Steps of linear warmup before the linear decay to zero at the last step.
    public var warmupSteps: Int
    /// AdamW's decoupled weight decay.
    public var weightDecay: Float
    /// Global gradient-norm clipping threshold.
    public var clipNorm: Float
    /// Tokens kept per cell (longer cells are truncated).
    public var maxLength: Int
    /// Share of cells held out for validation.
    public var validationFraction: Double
    /// Share of non-special tokens selected for masked-LM training.
    public var maskProbability: Float
    /// Cells read from the dataset at a time (bounds memory).
    public var shardSize: Int
    public var seed: Int

    public init(epochs: Int, batchSize: Int, maxTokens: Int = 0, learningRate: Float, warmupSteps: Int, weightDecay: Float,
                clipNorm: Float = 1, maxLength: Int, validationFraction: Double, maskProbability: Float = 0.15,
                shardSize: Int = 8192, seed: Int = 42) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.maxTokens = maxTokens
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
        self.maxLength = maxLength
        self.validationFraction = validationFraction
        self.maskProbability = maskProbability
        self.shardSize = shardSize
        self.seed = seed
    }

    /// Geneformer's pretraining settings (batch 12, peak 1e-3, warmup 10,000, weight decay 0.001,
    /// 2,048 tokens) with 3 epochs and a 5% validation hold-out.
    public static let pretraining = TrainingSettings(epochs: 3, batchSize: 12, learningRate: 1e-3, warmupSteps: 10_000,
                                                     weightDecay: 0.001, maxLength: 2048, validationFraction: 0.05)

    /// Geneformer's cell-classification fine-tuning settings (AdamW 5e-5, batch 12, 20% validation).
    public static let fineTuning = TrainingSettings(epochs: 10, batchSize: 12, learningRate: 5e-5, warmupSteps: 50,
                                                    weightDecay: 0.001, maxLength: 2048, validationFraction: 0.2)

    /// Checks ranges; `file` names the configuration in errors.
    public func validate(file: String) throws {
        func fail(_ key: String, _ expected: String) -> GenePipelineError {
            GenePipelineError(path: file, "training.\(key): expected \(expected)")
        }
        if epochs < 1 { throw fail("epochs", "at least 1, found \(epochs)") }
        if batchSize < 1 { throw fail("batch_size", "at least 1, found \(batchSize)") }
        if maxTokens < 0 { throw fail("max_tokens", "0 (no cap) or more, found \(maxTokens)") }
        if !(learningRate > 0) { throw fail("learning_rate", "a positive number, found \(learningRate)") }
        if warmupSteps < 0 { throw fail("warmup_steps", "0 or more, found \(warmupSteps)") }
        if weightDecay < 0 { throw fail("weight_decay", "0 or more, found \(weightDecay)") }
        if !(clipNorm > 0) { throw fail("clip_norm", "a positive number, found \(clipNorm)") }
        if maxLength < 1 { throw fail("max_length", "at least 1, found \(maxLength)") }
        if !(validationFraction > 0 && validationFraction < 1) { throw fail("validation_fraction", "a fraction in (0, 1), found \(validationFraction)") }
        if !(maskProbability > 0 && maskProbability < 1) { throw fail("mask_probability", "a fraction in (0, 1), found \(maskProbability)") }
        if shardSize < 1 { throw fail("shard_size", "at least 1, found \(shardSize)") }
    }
}

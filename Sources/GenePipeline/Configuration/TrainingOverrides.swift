/// Command-line values that replace those of the configuration file (nil: keep the file's).
public struct TrainingOverrides: Sendable {
    public var epochs: Int?
    public var batchSize: Int?
    public var learningRate: Float?
    public var warmupSteps: Int?
    public var maxLength: Int?
    public var validationFraction: Double?
    public var seed: Int?

    public init(epochs: Int? = nil, batchSize: Int? = nil, learningRate: Float? = nil, warmupSteps: Int? = nil,
                maxLength: Int? = nil, validationFraction: Double? = nil, seed: Int? = nil) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.maxLength = maxLength
        self.validationFraction = validationFraction
        self.seed = seed
    }

    /// `settings` with every given value replaced.
    public func applied(to settings: TrainingSettings) -> TrainingSettings {
        var result = settings
        if let epochs { result.epochs = epochs }
        if let batchSize { result.batchSize = batchSize }
        if let learningRate { result.learningRate = learningRate }
        if let warmupSteps { result.warmupSteps = warmupSteps }
        if let maxLength { result.maxLength = maxLength }
        if let validationFraction { result.validationFraction = validationFraction }
        if let seed { result.seed = seed }
        return result
    }
}

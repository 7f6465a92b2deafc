import SmithyTransformer

/// What `smithy finetune` was asked to do besides the training settings (the `[finetune]` table of
/// `RUN/config.toml`).
public struct FineTuningSettings: Codable, Equatable, Sendable {
    /// The pretrained model directory or run.
    public var pretrained: String
    /// The dataset's label column the classifier learns.
    public var labelColumn: String
    /// Encoder layers (and the embeddings beneath them) frozen: no gradients, no dropout.
    public var freezeLayers: Int
    public var pooling: Pooling
    /// Dropout before the classifier's Linear.
    public var classifierDropout: Float

    public init(pretrained: String, labelColumn: String, freezeLayers: Int = 2, pooling: Pooling = .firstToken,
                classifierDropout: Float = 0.1) {
        self.pretrained = pretrained
        self.labelColumn = labelColumn
        self.freezeLayers = freezeLayers
        self.pooling = pooling
        self.classifierDropout = classifierDropout
    }
}

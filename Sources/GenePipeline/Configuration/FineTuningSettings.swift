import SmithyTransformer

/// What `smithy finetune` was asked to do besides the training settings (the `[finetune]` table of
/// `RUN/config.toml`).
public struct FineTuningSettings: Codable, Equatable, Sendable {
    /// The pretrained model directory or run.
    public var pretrained: String
    /// The dataset's label column the classifier learns.
    public var labelColumn: String
    /// Encoder layers `0..<freezeLayers` frozen: no gradients, no dropout.
    public var freezeLayers: Int
    /// Whether the embeddings stay trainable below frozen layers (the original Geneformer example
    /// freezes only the layers); by default they are frozen with them, so the frozen layers see the
    /// inputs they were trained on.
    public var trainEmbeddings: Bool
    public var pooling: Pooling
    /// Dropout before the classifier's Linear.
    public var classifierDropout: Float

    public init(pretrained: String, labelColumn: String, freezeLayers: Int = 2, trainEmbeddings: Bool = false,
                pooling: Pooling = .firstToken, classifierDropout: Float = 0.1) {
        self.pretrained = pretrained
        self.labelColumn = labelColumn
        self.freezeLayers = freezeLayers
        self.trainEmbeddings = trainEmbeddings
        self.pooling = pooling
        self.classifierDropout = classifierDropout
    }
}

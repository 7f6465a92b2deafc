import Foundation

/// The files of a run directory (`smithy pretrain` / `smithy finetune --output RUN`).
public struct RunDirectory {
    public let url: URL

    public init(_ path: String) { url = URL(fileURLWithPath: path) }

    /// The model as a Hugging Face BERT directory (pretraining), replaced atomically each epoch.
    public var model: URL { url.appendingPathComponent("model") }
    /// The `TrainingCheckpoint` of the last completed epoch.
    public var checkpoint: URL { url.appendingPathComponent("checkpoint") }
    /// One row per epoch.
    public var metrics: URL { url.appendingPathComponent("metrics.csv") }
    /// The resolved configuration.
    public var configuration: URL { url.appendingPathComponent("config.toml") }
    /// The self-contained HTML report.
    public var report: URL { url.appendingPathComponent("report.html") }
    /// Pretraining: the held-out cell indices, one per line.
    public var validationCells: URL { url.appendingPathComponent("validation_cells.txt") }
    /// Fine-tuning: the label column and the classes in index order.
    public var labels: URL { url.appendingPathComponent("labels.json") }
    /// Fine-tuning: `cell_id,split` (train / validation).
    public var split: URL { url.appendingPathComponent("split.csv") }
    /// Fine-tuning: the classifier with the best validation macro-F1.
    public var best: URL { url.appendingPathComponent("best") }
}

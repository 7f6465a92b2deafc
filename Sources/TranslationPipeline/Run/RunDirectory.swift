import Foundation

/// The files of a translation run directory. Every file is written complete (temporary file or
/// directory renamed into place), so an interrupted run never leaves a half-written one.
public struct RunDirectory {
    public let url: URL

    public init(path: String) { url = URL(fileURLWithPath: path) }

    /// The joint tokenizer, or the source-language one with separate vocabularies.
    public var tokenizer: URL { file("tokenizer.json") }
    /// The target-language tokenizer, present only with separate vocabularies.
    public var targetTokenizer: URL { file("target-tokenizer.json") }
    /// The trained weights (after the last completed epoch).
    public var weights: URL { file("model.safetensors") }
    /// `TranslationModelFile`: what `weights` is the model of.
    public var modelDescription: URL { file("model.json") }
    /// The resolved `TranslationConfiguration`.
    public var configuration: URL { file("config.json") }
    /// The `TrainingCheckpoint` directory for `--resume`.
    public var checkpoint: URL { file("checkpoint") }
    /// Per-epoch metrics (`TrainingMetrics.columns`).
    public var metrics: URL { file("metrics.csv") }
    /// Facts about the data (`DataSummary`), for the report.
    public var dataSummary: URL { file("data.json") }
    /// The HTML report.
    public var report: URL { file("report.html") }

    private func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

import Foundation
import SmithyPipeline

/// `RUN/report.html`: what the run is, its data, loss and BLEU curves per epoch, example
/// translations and the resolved configuration, built from the run directory's files.
public struct TranslationReport {
    public let run: RunDirectory
    public let examples: [TranslationExample]

    public init(run: RunDirectory, examples: [TranslationExample]) {
        self.run = run
        self.examples = examples
    }

    /// Writes the report atomically.
    public func write() throws {
        try render().write(to: run.report.path)
    }

    /// The report, from `metrics.csv`, `data.json` and `config.json` (sections whose file is missing are left out).
    public func render() throws -> HTMLReport {
        let name = [run.url.deletingLastPathComponent().lastPathComponent, run.url.lastPathComponent].joined(separator: "/")
        var report = HTMLReport(title: "Translation run \(name)")
        if let summary = try? DataSummary.load(from: run.dataSummary) {
            if !summary.description.isEmpty { report.addSection("About this run", html: "<p><strong>\(escapeHTML(summary.description))</strong></p>") }
            report.addTable("Data and model", rows: [
                ["", "value"],
                ["training pairs", String(summary.trainPairs)],
                ["training pairs dropped (too long)", String(summary.trainDropped)],
                ["validation pairs", String(summary.validPairs)],
                ["validation pairs dropped (too long)", String(summary.validDropped)],
                ["source vocabulary", String(summary.sourceVocabularySize)],
                ["target vocabulary", String(summary.targetVocabularySize)],
                ["parameters", String(summary.parameterCount)],
            ])
        }
        let metrics = try TrainingMetrics.open(run)
        let epochs = metrics.values(of: "epoch").map { Double($0) ?? .nan }
        func series(_ name: String, _ column: String) -> LineChart.Series {
            LineChart.Series(name: name, points: zip(epochs, metrics.values(of: column).map { Double($0) ?? .nan }).map { ($0, $1) })
        }
        report.addSection("Loss", html: LineChart(title: "Label-smoothed cross-entropy per target token", xLabel: "epoch", yLabel: "loss",
                                                  series: [series("train", "train_loss"), series("validation", "valid_loss")]).svg())
        report.addSection("Validation BLEU", html: "<p>sacreBLEU-compatible corpus BLEU (13a tokenisation, cased, detokenised "
                          + "output) of greedy translations of the first validation sentences.</p>"
                          + LineChart(title: "Validation BLEU (greedy)", xLabel: "epoch", yLabel: "BLEU",
                                      series: [series("validation BLEU", "valid_bleu")]).svg())
        report.addTable("Metrics per epoch", rows: [metrics.columns] + metrics.rows)
        if !examples.isEmpty {
            report.addTable("Example translations (validation, greedy, last epoch)",
                            rows: [["source", "reference", "model"]] + examples.map { [$0.source, $0.reference, $0.hypothesis] })
        }
        if let configuration = try? String(contentsOf: run.configuration, encoding: .utf8) {
            report.addText("Resolved configuration (config.json)", text: configuration)
        }
        return report
    }
}

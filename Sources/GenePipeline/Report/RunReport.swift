import Foundation
import SmithyPipeline

/// `RUN/report.html` of pretraining and fine-tuning runs: self-contained HTML with inline SVG charts
/// (loss and accuracy curves, confusion matrix, class counts), the metrics table and the configuration.
enum RunReport {
    static func pretraining(run: RunDirectory, metrics: MetricsLog, configuration: String, dataset: String,
                            tokensPerSecond: Double?) throws {
        var report = HTMLReport(title: "Pretraining — \(run.url.lastPathComponent)")
        var summary = "dataset: \(dataset)\nepochs: \(metrics.rows.count)"
        if let tokensPerSecond { summary += String(format: "\ntraining throughput: %.0f tokens/s", tokensPerSecond) }
        report.addText("Summary", text: summary)
        report.addSection("Loss", html: chart(metrics, title: "Masked-LM loss", yLabel: "loss", columns: ["train_loss", "validation_loss"]))
        report.addSection("Masked accuracy", html: chart(metrics, title: "Validation masked-token accuracy", yLabel: "accuracy", columns: ["masked_accuracy"]))
        report.addTable("Metrics", rows: [metrics.columns] + metrics.rows)
        report.addText("Configuration", text: configuration)
        try report.write(to: run.report.path)
    }

    static func fineTuning(run: RunDirectory, metrics: MetricsLog, configuration: String, best: ClassifierDirectory.Description,
                           classCounts: [(String, Int)], cellsPerSecond: Double) throws {
        var report = HTMLReport(title: "Fine-tuning — \(run.url.lastPathComponent)")
        report.addText("Summary", text: String(format: """
            label column: %@
            best epoch: %d (validation accuracy %.4f, macro-F1 %.4f)
            training throughput: %.1f cells/s
            """, best.labelColumn, best.epoch, best.validationAccuracy, best.validationMacroF1, cellsPerSecond))
        report.addSection("Loss", html: chart(metrics, title: "Classification loss", yLabel: "loss", columns: ["train_loss", "validation_loss"]))
        report.addSection("Validation accuracy and macro-F1", html: chart(metrics, title: "Validation scores", yLabel: "score", columns: ["accuracy", "macro_f1"]))
        report.addSection("Confusion matrix (validation, best epoch)", html: HeatmapChart(
            title: "rows: true class, columns: predicted", rowLabels: best.classes, columnLabels: best.classes, values: best.confusion).svg())
        report.addSection("Class counts", html: BarChart(title: "Cells per class (all cells)",
                                                         bars: classCounts.map { ($0.0, Double($0.1)) }).svg())
        report.addTable("Metrics", rows: [metrics.columns] + metrics.rows)
        report.addText("Configuration", text: configuration)
        try report.write(to: run.report.path)
    }

    /// A line chart of `columns` against the epoch.
    private static func chart(_ metrics: MetricsLog, title: String, yLabel: String, columns: [String]) -> String {
        let epochs = metrics.values(of: "epoch").map { Double($0) ?? .nan }
        let series = columns.map { column in
            LineChart.Series(name: column.replacingOccurrences(of: "_", with: " "),
                             points: zip(epochs, metrics.values(of: column).map { Double($0) ?? .nan })
                                 .filter { $0.0.isFinite && $0.1.isFinite }.map { (x: $0.0, y: $0.1) })
        }
        return LineChart(title: title, xLabel: "epoch", yLabel: yLabel, series: series).svg()
    }
}

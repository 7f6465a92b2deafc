import ArgumentParser
import Foundation
import GenePipeline
import SmithyPipeline

/// `smithy predict`: a fine-tuned classifier's predictions as CSV (see `CellPredictor`).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict cell classes with a fine-tuned run: cell_id,predicted,probability[,true_label].")

    @Option(help: "Fine-tuning run (or its best/ directory).") var model: String
    @Option(help: "Tokenized dataset.") var data: String
    @Option(help: "CSV file to write.") var output: String
    @Option(help: "Folder with the Geneformer dictionaries (default: reference/geneformer).") var dictionaries: String?

    func run() throws {
        let (dataset, vocabulary) = try GeneDatasetOpening.open(data, dictionaries: dictionaries)
        var predictor = CellPredictor(modelPath: model, dataset: dataset, vocabulary: vocabulary)
        var bar = ProgressBar(label: "predict", unit: "cells")
        predictor.progress = { bar.update($0, of: $1) }
        let started = Date()
        let scores = try predictor.predict(output: output)
        let seconds = Date().timeIntervalSince(started)
        if let scores {
            GeneDatasetOpening.log(String(format: "all %d cells: accuracy %.4f, macro-F1 %.4f", scores.all.count, scores.all.accuracy, scores.all.macroF1))
            if let validation = scores.validation {
                GeneDatasetOpening.log(String(format: "held-out (validation split) %d cells: accuracy %.4f, macro-F1 %.4f",
                                              validation.count, validation.accuracy, validation.macroF1))
            }
        }
        GeneDatasetOpening.log(String(format: "%d cells in %.2f s (%.1f cells/s); wrote %@", dataset.cellCount, seconds,
                                      Double(dataset.cellCount) / max(seconds, 1e-9), output))
    }
}

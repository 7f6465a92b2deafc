import ArgumentParser
import Foundation
import GenePipeline
import SmithyPipeline
import SmithyTransformer

/// `smithy embed`: one embedding per cell as CSV (see `CellEmbedder`).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Write cell embeddings from a model's hidden states: cell_id then the vector.")

    @Option(help: "Model: pretraining run, model directory, Hugging Face BERT directory or fine-tuning run.") var model: String
    @Option(help: "Tokenized dataset.") var data: String
    @Option(help: "CSV file to write.") var output: String
    @Option(parsing: .unconditional, help: "Hidden state as Hugging Face indexes it: 0 = embeddings, L = last layer, negative from the end (-1 = last).")
    var layer = -1
    @Option(help: "Pooling: mean (over real tokens) or cls (first token).") var pooling = "mean"
    @Option(help: "Folder with the Geneformer dictionaries (default: reference/geneformer).") var dictionaries: String?

    func run() throws {
        let (dataset, vocabulary) = try GeneDatasetOpening.open(data, dictionaries: dictionaries)
        var embedder = CellEmbedder(modelPath: model, dataset: dataset, vocabulary: vocabulary)
        switch pooling {
        case "mean": embedder.pooling = .mean
        case "cls": embedder.pooling = .firstToken
        default: throw ValidationError("--pooling must be mean or cls, not '\(pooling)'")
        }
        embedder.layer = layer
        var bar = ProgressBar(label: "embed", unit: "cells")
        embedder.progress = { bar.update($0, of: $1) }
        try embedder.write(output: output)
        GeneDatasetOpening.log("wrote \(output)")
    }
}

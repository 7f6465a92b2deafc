import ArgumentParser
import Foundation
import GenePipeline
import SmithyTransformer

/// `smithy finetune`: a cell classifier on a pretrained encoder (see `FineTuner`).
struct FinetuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Fine-tune a cell classifier on a pretrained model (our runs or Hugging Face BERT directories).")

    @Option(help: "Tokenized dataset with the label column.") var data: String
    @Option(help: "Pretrained model: a pretraining run, its model/ directory or a Hugging Face BERT directory.") var pretrained: String
    @Option(help: "Label column of the dataset.") var labelColumn: String
    @Option(help: "Run directory.") var output: String
    @Option(help: "Encoder layers frozen (with the embeddings).") var freezeLayers = 2
    @Flag(help: "Keep the embeddings trainable below the frozen layers (as the original Geneformer example).") var trainEmbeddings = false
    @Option(help: "Share of cells held out, stratified by label.") var validationFraction = 0.2
    @Option(help: "Epochs.") var epochs = 10
    @Option(help: "Peak learning rate.") var learningRate: Float = 5e-5
    @Option(help: "Cells per batch.") var batchSize = 12
    @Option(help: "Linear warmup steps.") var warmupSteps = 50
    @Option(help: "Tokens kept per cell.") var maxLength = 2048
    @Option(help: "Pooling: cls (first token) or mean.") var pooling = "cls"
    @Option(help: "Random seed.") var seed = 42
    @Option(help: "Folder with the Geneformer dictionaries (default: reference/geneformer).") var dictionaries: String?
    @Flag(help: "Continue from the run directory's last checkpoint (same options as the interrupted run).") var resume = false
    @OptionGroup var compute: ComputeThreadsOption

    func run() throws {
        compute.apply()
        let pool: Pooling
        switch pooling {
        case "cls": pool = .firstToken
        case "mean": pool = .mean
        default: throw ValidationError("--pooling must be cls or mean, not '\(pooling)'")
        }
        let (dataset, vocabulary) = try GeneDatasetOpening.open(data, dictionaries: dictionaries)
        let training = TrainingOverrides(epochs: epochs, batchSize: batchSize, learningRate: learningRate, warmupSteps: warmupSteps,
                                         maxLength: maxLength, validationFraction: validationFraction, seed: seed)
            .applied(to: .fineTuning)
        let tuner = FineTuner(dataset: dataset, vocabulary: vocabulary,
                              settings: FineTuningSettings(pretrained: pretrained, labelColumn: labelColumn, freezeLayers: freezeLayers,
                                                               trainEmbeddings: trainEmbeddings, pooling: pool),
                              training: training, run: RunDirectory(output))
        tuner.log = GeneDatasetOpening.log
        let summary = try tuner.train(resume: resume)
        GeneDatasetOpening.log(String(format: "best epoch %d: validation accuracy %.4f, macro-F1 %.4f; fine-tuning throughput %.1f cells/s; wrote %@",
                                      summary.best.epoch, summary.best.validationAccuracy, summary.best.validationMacroF1,
                                      summary.cellsPerSecond, output))
    }
}

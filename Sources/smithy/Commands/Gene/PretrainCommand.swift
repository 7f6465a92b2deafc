import ArgumentParser
import Foundation
import GenePipeline
import SmithyPipeline

/// `smithy pretrain`: masked-LM pretraining with Geneformer V1 defaults (see `Pretrainer`).
struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Pretrain a BERT-like masked-LM model on a tokenized dataset (Geneformer V1 defaults).")

    @Option(help: "Tokenized dataset (smithy rank-encode).") var data: String
    @Option(help: "Run directory (model/, checkpoint/, metrics.csv, config.toml, report.html).") var output: String
    @Option(help: "TOML configuration: [model], [model.positional], [training] (default with --resume: RUN/config.toml).") var config: String?
    @Option(help: "Epochs.") var epochs: Int?
    @Option(help: "Cells per batch.") var batchSize: Int?
    @Option(help: "Peak learning rate.") var learningRate: Float?
    @Option(help: "Linear warmup steps.") var warmupSteps: Int?
    @Option(help: "Tokens kept per cell.") var maxLength: Int?
    @Option(help: "Random seed (model, hold-out, batches, masks).") var seed: Int?
    @Option(help: "Folder with the Geneformer dictionaries (default: reference/geneformer).") var dictionaries: String?
    @Flag(help: "Continue from RUN/checkpoint (same losses as an uninterrupted run).") var resume = false
    @OptionGroup var compute: ComputeThreadsOption

    func run() throws {
        compute.apply()
        let (dataset, vocabulary) = try GeneDatasetOpening.open(data, dictionaries: dictionaries)
        let run = RunDirectory(output)
        let file = config ?? (resume && FileManager.default.fileExists(atPath: run.configuration.path) ? run.configuration.path : nil)
        var configuration = try file.map { try PretrainingConfiguration.load($0, vocabulary: vocabulary) }
            ?? .geneformerDefaults(vocabulary: vocabulary)
        configuration.training = TrainingOverrides(epochs: epochs, batchSize: batchSize, learningRate: learningRate, warmupSteps: warmupSteps,
                                                   maxLength: maxLength, seed: seed).applied(to: configuration.training)
        try configuration.validate(file: file.map { "\($0) (with command-line overrides)" } ?? "command line")
        let trainer = Pretrainer(dataset: dataset, vocabulary: vocabulary, configuration: configuration, run: run)
        trainer.log = GeneDatasetOpening.log
        let summary = try trainer.train(resume: resume)
        GeneDatasetOpening.log(String(format: "pretraining throughput: %.0f tokens/s; wrote %@", summary.tokensPerSecond, run.url.path))
    }
}

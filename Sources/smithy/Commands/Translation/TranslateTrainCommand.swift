import ArgumentParser
import Foundation
import TranslationPipeline

/// `smithy translate train`: trains an encoder-decoder translation model into a run directory.
struct TranslateTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a translation transformer (label smoothing, Adam + inverse-sqrt warm-up, token batches).",
        discussion: """
            The run directory receives tokenizer.json, config.json (resolved configuration), model.json and \
            model.safetensors, checkpoint/, metrics.csv (epoch, step, losses, greedy validation BLEU, learning rate, \
            seconds) and report.html, each written complete. --config is a TOML file with [model], \
            [model.positional], [tokenizer] and [training] tables; flags override it.
            """)

    @Option(help: "Training source sentences, one a line (UTF-8).") var trainSource: String
    @Option(help: "Training target sentences, line-aligned with --train-source.") var trainTarget: String
    @Option(help: "Validation source sentences.") var validSource: String
    @Option(help: "Validation target sentences, line-aligned with --valid-source.") var validTarget: String
    @Option(help: "Run directory.") var output: String
    @Option(help: "TOML configuration file.") var config: String?
    @Option(help: "Use this tokenizer file (joint) instead of training one.") var tokenizer: String?
    @Option(help: "Epochs (overrides training.epochs).") var epochs: Int?
    @Option(help: "Padded tokens per batch (overrides training.max_tokens_per_batch).") var maxTokensPerBatch: Int?
    @Option(help: "Random seed (overrides training.seed).") var seed: UInt64?
    @Option(help: "Use only the first N training pairs (demo runs).") var trainPairs: Int?
    @Option(help: "A sentence shown at the top of the report (e.g. that the run is a demo).") var description = ""
    @Flag(help: "Continue from the run directory's last checkpoint.") var resume = false
    @OptionGroup var compute: ComputeThreadsOption
    @Flag(help: "Start over in a run directory that already holds a run.") var fresh = false

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1.") }
        if let maxTokensPerBatch, maxTokensPerBatch < 1 { throw ValidationError("--max-tokens-per-batch must be positive.") }
        if let trainPairs, trainPairs < 1 { throw ValidationError("--train-pairs must be positive.") }
        if resume && fresh { throw ValidationError("--resume and --fresh exclude each other.") }
    }

    func run() throws {
        compute.apply()
        let request = TrainingRequest(trainSource: trainSource, trainTarget: trainTarget, validSource: validSource,
                                      validTarget: validTarget, output: output, configFile: config, tokenizerFile: tokenizer,
                                      epochs: epochs, maxTokensPerBatch: maxTokensPerBatch, seed: seed,
                                      trainPairLimit: trainPairs, resume: resume, fresh: fresh, description: description)
        let log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let trainer = try request.makeTrainer(log: log)
        let summary = trainer.dataSummary(description: description)
        log("\(summary.trainPairs) training pairs (\(summary.trainDropped) dropped as longer than "
            + "\(trainer.configuration.training.maxSentenceTokens) tokens), \(summary.validPairs) validation pairs, "
            + "\(summary.parameterCount) parameters")
        try trainer.fit(resume: resume)
        print("\(output)/model.safetensors")
    }
}

import Foundation
import SmithyTensor
import SmithyText

/// What `smithy translate train` was asked to do: the corpora, the run directory, the configuration
/// file and the flags that override it. `makeTrainer()` checks every input before it writes
/// anything into the run directory.
public struct TrainingRequest {
    public var trainSource: String
    public var trainTarget: String
    public var validSource: String
    public var validTarget: String
    /// The run directory.
    public var output: String
    /// A TOML configuration file (`TranslationConfiguration.load(tomlFile:)`); nil: the defaults.
    public var configFile: String?
    /// A tokenizer file to use instead of training one (copied into the run as a joint tokenizer).
    public var tokenizerFile: String?
    public var epochs: Int?
    public var maxTokensPerBatch: Int?
    public var seed: UInt64?
    /// Use only the first this many training pairs (a demo slice).
    public var trainPairLimit: Int?
    /// Continue from the run's checkpoint.
    public var resume: Bool
    /// Start over in a run directory that already holds a run (its checkpoint and metrics are discarded).
    public var fresh: Bool
    /// Shown at the top of the report (e.g. that the run is a demo).
    public var description: String

    public init(trainSource: String, trainTarget: String, validSource: String, validTarget: String, output: String,
                configFile: String? = nil, tokenizerFile: String? = nil, epochs: Int? = nil, maxTokensPerBatch: Int? = nil,
                seed: UInt64? = nil, trainPairLimit: Int? = nil, resume: Bool = false, fresh: Bool = false, description: String = "") {
        self.trainSource = trainSource
        self.trainTarget = trainTarget
        self.validSource = validSource
        self.validTarget = validTarget
        self.output = output
        self.configFile = configFile
        self.tokenizerFile = tokenizerFile
        self.epochs = epochs
        self.maxTokensPerBatch = maxTokensPerBatch
        self.seed = seed
        self.trainPairLimit = trainPairLimit
        self.resume = resume
        self.fresh = fresh
        self.description = description
    }

    /// The configuration file's settings over the defaults, then the flags over those.
    public func configuration() throws -> TranslationConfiguration {
        var configuration = try configFile.map(TranslationConfiguration.load(tomlFile:)) ?? TranslationConfiguration()
        if let epochs { configuration.training.epochs = epochs }
        if let maxTokensPerBatch { configuration.training.maxTokensPerBatch = maxTokensPerBatch }
        if let seed { configuration.training.seed = seed }
        return configuration
    }

    /// Reads and checks the inputs, prepares the run directory (tokenizer, `config.json`,
    /// `model.json`, `data.json`) and returns a trainer ready to `fit(resume:)`.
    /// - Throws: `TextFileError`, `TOMLError` or `TranslationError` naming the file (and line or key).
    public func makeTrainer(log: @escaping (String) -> Void) throws -> TranslationTrainer {
        var configuration = try configuration()
        var train = try ParallelCorpus(sourcePath: trainSource, targetPath: trainTarget)
        if let trainPairLimit, trainPairLimit < train.count {
            train = try ParallelCorpus(sourceLines: Array(train.sourceLines.prefix(trainPairLimit)), sourcePath: trainSource,
                                       targetLines: Array(train.targetLines.prefix(trainPairLimit)), targetPath: trainTarget)
        }
        let valid = try ParallelCorpus(sourcePath: validSource, targetPath: validTarget)
        let run = RunDirectory(path: output)

        let tokenizers: TranslationTokenizers
        if resume {
            tokenizers = try checkResumable(run, configuration: configuration)
        } else {
            if FileManager.default.fileExists(atPath: run.checkpoint.path) && !fresh {
                throw TranslationError("\(run.checkpoint.path): \(output) already holds a training run; "
                                       + "pass --resume to continue it, --fresh to start over, or choose another --output")
            }
            if let tokenizerFile {
                let tokenizer = try BPETokenizer(contentsOfFile: tokenizerFile)
                tokenizers = TranslationTokenizers(source: tokenizer, target: tokenizer)
                configuration.tokenizer = TokenizerSettings(vocabularySize: tokenizer.vocabularySize, joint: true,
                                                            minFrequency: configuration.tokenizer.minFrequency)
            } else {
                log("training a \(configuration.tokenizer.joint ? "joint" : "per-language") BPE tokenizer "
                    + "(\(configuration.tokenizer.vocabularySize) tokens) on \(train.count) pairs")
                tokenizers = TranslationTokenizers(training: configuration.tokenizer, on: train)
            }
        }
        configuration.model.sourceVocabularySize = tokenizers.source.vocabularySize
        configuration.model.targetVocabularySize = tokenizers.target.vocabularySize
        if configuration.model.sharesVocabulary && !tokenizers.isJoint {
            throw TranslationError("\(configFile ?? "configuration"): key 'model.shares_vocabulary' needs a joint tokenizer "
                                   + "(tokenizer.joint = true)")
        }

        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        if fresh && !resume {
            for stale in [run.checkpoint, run.metrics, run.weights] { try? FileManager.default.removeItem(at: stale) }
        }
        if !resume { try tokenizers.save(to: run) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(configuration), to: run.configuration)
        try configuration.modelFile.save(to: run.modelDescription)
        let trainer = TranslationTrainer(configuration: configuration, run: run, tokenizers: tokenizers, train: train, valid: valid)
        trainer.log = log
        try trainer.dataSummary(description: description).save(to: run.dataSummary)
        return trainer
    }

    /// The run's tokenizers, after checking it has a checkpoint and was trained with the same
    /// configuration (only the number of epochs may change).
    private func checkResumable(_ run: RunDirectory, configuration: TranslationConfiguration) throws -> TranslationTokenizers {
        guard FileManager.default.fileExists(atPath: run.checkpoint.path) else {
            throw TranslationError("\(run.checkpoint.path): no checkpoint to resume from (train without --resume first)")
        }
        let tokenizers = try TranslationTokenizers(run: run)
        guard let data = FileManager.default.contents(atPath: run.configuration.path),
              var stored = try? JSONDecoder().decode(TranslationConfiguration.self, from: data) else {
            throw TranslationError("\(run.configuration.path): missing or not a translation configuration")
        }
        stored.training.epochs = configuration.training.epochs
        var requested = configuration
        requested.model.sourceVocabularySize = stored.model.sourceVocabularySize
        requested.model.targetVocabularySize = stored.model.targetVocabularySize
        if tokenizerFile != nil || stored.tokenizer != requested.tokenizer { requested.tokenizer = stored.tokenizer }
        guard stored == requested else {
            let sections = [("model", stored.model == requested.model), ("model.positional", stored.positional == requested.positional),
                            ("model.attention", stored.attention == requested.attention), ("training", stored.training == requested.training)]
            let differing = sections.filter { !$0.1 }.map(\.0).joined(separator: ", ")
            throw TranslationError("\(run.configuration.path): the run was trained with different settings in [\(differing)]; "
                                   + "--resume continues a run with the same configuration (only the number of epochs may change)")
        }
        return tokenizers
    }
}

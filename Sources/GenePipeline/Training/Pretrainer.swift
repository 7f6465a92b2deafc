import Foundation
import SingleCell
import SmithyNN
import SmithyPipeline
import SmithyTensor
import SmithyTraining
import SmithyTransformer

/// `smithy pretrain`: masked-LM pretraining of a BERT-like model on a tokenized dataset.
///
/// Cells are read shard by shard (`TokenizedDataset.tokens(range)`), so memory stays bounded; a
/// seeded hash holds out `validationFraction` of the cells (`RUN/validation_cells.txt`). AdamW with
/// linear warmup then linear decay to zero at the last step, gradient clipping, length-grouped
/// batches with dynamic padding, BERT 80/10/10 masking of 15% of the non-special tokens, logits
/// computed only at masked positions. After each epoch: `RUN/model/` (Hugging Face BERT directory),
/// `RUN/checkpoint/`, a row of `RUN/metrics.csv`; at the end `RUN/report.html`.
public final class Pretrainer {
    public static let metricsColumns = ["epoch", "step", "train_loss", "validation_loss", "masked_accuracy", "learning_rate", "seconds"]

    public let dataset: TokenizedDataset
    public let vocabulary: GeneVocabulary
    public let configuration: PretrainingConfiguration
    public let run: RunDirectory
    /// Progress messages (stderr in the CLI).
    public var log: (String) -> Void = { _ in }
    /// Whether to draw a progress bar per epoch.
    public var showsProgress = true
    /// Stop after this many epochs in total (nil: all configured epochs), as if interrupted: the
    /// schedule still spans every configured epoch, and `--resume` continues (used by the tests).
    public var stopAfterEpochs: Int?

    public init(dataset: TokenizedDataset, vocabulary: GeneVocabulary, configuration: PretrainingConfiguration, run: RunDirectory) {
        self.dataset = dataset
        self.vocabulary = vocabulary
        self.configuration = configuration
        self.run = run
    }

    /// What a finished run measured.
    public struct Summary {
        /// The metrics rows of every epoch (resumed ones included).
        public let rows: [[String]]
        /// Real tokens per second of the epochs trained by this call (forward + backward + update).
        public let tokensPerSecond: Double
    }

    /// Trains for the configured epochs; with `resume`, continues from `RUN/checkpoint/` (if any) and
    /// drops metrics rows past it. Without it, an earlier run in `RUN` is replaced.
    @discardableResult
    public func train(resume: Bool) throws -> Summary {
        let settings = configuration.training
        try configuration.validate(file: run.configuration.path)
        try vocabulary.check(modelVocabularySize: configuration.model.vocabularySize, model: "the configured model")
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: run.url, withIntermediateDirectories: true)
        let canResume = resume && run.hasCheckpoint
        if !canResume {
            for stale in [run.metrics, run.checkpoint, run.model, run.report] where fileManager.fileExists(atPath: stale.path) {
                try fileManager.removeItem(at: stale)
            }
        }
        try AtomicFile.write(Data(try configuration.tomlText().utf8), to: run.configuration)

        let generator = RandomGenerator(seed: UInt64(bitPattern: Int64(settings.seed)))
        let positional = configuration.positional.makeEncodings(modelDimension: configuration.model.modelDimension,
                                                                heads: configuration.model.heads, generator: generator)
        let model = MaskedLanguageModel(configuration.model, positional: positional, generator: generator)
        let optimizer = Adam.adamW(parameters: model.trainableParameters, learningRate: settings.learningRate,
                                   weightDecay: settings.weightDecay)
        let metrics = try MetricsLog(path: run.metrics.path, columns: Self.metricsColumns)
        var step = 0, startEpoch = 0
        if canResume {
            let progress = try run.resume(model: model, optimizer: optimizer, generator: generator, metrics: metrics)
            step = progress.step
            startEpoch = progress.epoch
            log("resuming \(run.url.path) after epoch \(progress.epoch) (step \(step))")
        }

        let lengths = try cellLengths()
        let holdout = CellHoldout(cellCount: dataset.cellCount, fraction: settings.validationFraction, seed: settings.seed)
        try writeValidationCells(holdout)
        let plans = (0..<settings.epochs).map { epoch in
            EpochPlan(lengths: lengths, includes: { !holdout.isValidation($0) }, settings: settings,
                      generator: EpochPlan.generator(seed: settings.seed, epoch: epoch, stream: 0))
        }
        let totalSteps = plans.reduce(0) { $0 + $1.batchCount }
        let schedule = LearningRateSchedule.linearWarmupDecay(warmup: settings.warmupSteps, total: totalSteps)
        let masking = MaskedLanguageModeling(maskToken: vocabulary.maskToken, specialTokens: vocabulary.specialTokens,
                                             vocabularySize: vocabulary.size, maskProbability: settings.maskProbability)
        log("pretraining \(model.parameterCount) parameters on \(dataset.cellCount) cells (\(dataset.path)), \(totalSteps) steps in \(settings.epochs) epochs")

        var trainedTokens = 0, trainingSeconds = 0.0
        for epoch in startEpoch..<min(settings.epochs, stopAfterEpochs ?? .max) {
            let started = Date()
            let plan = plans[epoch]
            let maskGenerator = EpochPlan.generator(seed: settings.seed, epoch: epoch, stream: 1)
            var bar = ProgressBar(label: "pretrain epoch \(epoch + 1)/\(settings.epochs)", unit: "batches")
            var lossSum = 0.0, lossBatches = 0, done = 0, epochTokens = 0
            model.train()
            for shard in plan.shards {
                let tokens = try dataset.tokens(shard.cells)
                for cells in shard.batches {
                    let batch = MaskedBatch(cells: cells.map { tokens[$0 - shard.cells.lowerBound].map(Int.init) }, masking: masking,
                                            padding: vocabulary.paddingToken, maxLength: settings.maxLength, generator: maskGenerator)
                    optimizer.learningRate = settings.learningRate * schedule.multiplier(at: step)
                    if batch.maskedCount > 0 {
                        optimizer.zeroGradients()
                        let loss = model.mlmLoss(ids: batch.ids, shape: batch.shape, attentionMask: batch.padded.isToken, labels: batch.labels)
                        loss.backward()
                        clipGradientNorm(optimizer.parameters, maxNorm: settings.clipNorm)
                        optimizer.step()
                        lossSum += Double(loss.item)
                        lossBatches += 1
                    }
                    step += 1
                    done += 1
                    epochTokens += batch.tokenCount
                    if showsProgress {
                        bar.update(done, of: plan.batchCount, detail: String(format: "loss %.4f", lossSum / Double(max(lossBatches, 1))))
                    }
                }
            }
            let epochSeconds = Date().timeIntervalSince(started)
            trainedTokens += epochTokens
            trainingSeconds += epochSeconds
            let (validationLoss, accuracy) = try validate(model: model, holdout: holdout, masking: masking)
            let seconds = Date().timeIntervalSince(started)
            try metrics.append([String(epoch + 1), String(step), format(lossSum / Double(max(lossBatches, 1))), format(validationLoss),
                                format(accuracy), String(format: "%.6g", optimizer.learningRate), String(format: "%.2f", seconds)])
            try ModelDirectory.save(model, positional: configuration.positional, to: run.model)
            try TrainingCheckpoint.save(model: model, optimizer: optimizer,
                                        progress: .init(step: step, epoch: epoch + 1, randomState: generator.state), to: run.checkpoint)
            log(String(format: "epoch %d: train loss %.4f, validation loss %.4f, masked accuracy %.4f, %.0f tokens/s",
                       epoch + 1, lossSum / Double(max(lossBatches, 1)), validationLoss, accuracy, Double(epochTokens) / max(epochSeconds, 1e-9)))
        }
        let tokensPerSecond = Double(trainedTokens) / max(trainingSeconds, 1e-9)
        try RunReport.pretraining(run: run, metrics: metrics, configuration: try configuration.tomlText(),
                                  dataset: dataset.path, tokensPerSecond: trainingSeconds > 0 ? tokensPerSecond : nil)
        return Summary(rows: metrics.rows, tokensPerSecond: tokensPerSecond)
    }

    /// Masked-LM loss and accuracy on the held-out cells, with the same masks every epoch.
    private func validate(model: MaskedLanguageModel, holdout: CellHoldout, masking: MaskedLanguageModeling) throws -> (loss: Double, accuracy: Double) {
        let settings = configuration.training
        model.eval()
        defer { model.train() }
        let generator = EpochPlan.generator(seed: settings.seed, epoch: -1, stream: 2)
        var lossSum = 0.0, correct = 0, masked = 0
        for start in stride(from: 0, to: dataset.cellCount, by: settings.shardSize) {
            let range = start..<min(start + settings.shardSize, dataset.cellCount)
            let cells = range.filter(holdout.isValidation)
            guard !cells.isEmpty else { continue }
            let tokens = try dataset.tokens(range)
            for batchStart in stride(from: 0, to: cells.count, by: settings.batchSize) {
                let members = cells[batchStart..<min(batchStart + settings.batchSize, cells.count)]
                let batch = MaskedBatch(cells: members.map { tokens[$0 - start].map(Int.init) }, masking: masking,
                                        padding: vocabulary.paddingToken, maxLength: settings.maxLength, generator: generator)
                guard batch.maskedCount > 0 else { continue }
                let positions = batch.labels.indices.filter { batch.labels[$0] != -100 }
                let targets = positions.map { batch.labels[$0] }
                let logits = GradientMode.withoutGradients {
                    model.logits(ids: batch.ids, shape: batch.shape, attentionMask: batch.padded.isToken, at: positions)
                }
                lossSum += Double(GradientMode.withoutGradients { crossEntropy(logits: logits, targets: targets) }.item) * Double(targets.count)
                let vocabularySize = logits.shape[1]
                let scores = logits.scalars
                for (row, target) in targets.enumerated() {
                    let rowScores = scores[(row * vocabularySize)..<((row + 1) * vocabularySize)]
                    if rowScores.indices.max(by: { rowScores[$0] < rowScores[$1] })! - row * vocabularySize == target { correct += 1 }
                }
                masked += targets.count
            }
        }
        return (masked == 0 ? .nan : lossSum / Double(masked), masked == 0 ? .nan : Double(correct) / Double(masked))
    }

    /// Every cell's token count, read from the offsets shard by shard.
    private func cellLengths() throws -> [Int32] {
        var lengths: [Int32] = []
        lengths.reserveCapacity(dataset.cellCount)
        for start in stride(from: 0, to: dataset.cellCount, by: 1 << 20) {
            let offsets = try dataset.offsets(start..<min(start + (1 << 20), dataset.cellCount))
            lengths += zip(offsets.dropFirst(), offsets).map { Int32($0 - $1) }
        }
        return lengths
    }

    private func writeValidationCells(_ holdout: CellHoldout) throws {
        var text = "cell_index\n"
        for cell in 0..<dataset.cellCount where holdout.isValidation(cell) { text += "\(cell)\n" }
        try AtomicFile.write(Data(text.utf8), to: run.validationCells)
    }
}

/// A metric with 6 decimals (metrics.csv).
func format(_ value: Double) -> String { value.isNaN ? "nan" : String(format: "%.6f", value) }

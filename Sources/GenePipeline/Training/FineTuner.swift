import Foundation
import SingleCell
import SmithyNN
import SmithyPipeline
import SmithyTensor
import SmithyTraining
import SmithyTransformer

/// `smithy finetune`: a cell classifier on a pretrained encoder.
///
/// Stratified train/validation split by cell (`RUN/split.csv`), classifier head (pooling → dropout
/// → Linear) on the pretrained body with its first `freezeLayers` layers (and the embeddings) frozen,
/// AdamW with linear warmup and decay, per-epoch validation accuracy, macro-F1 and confusion matrix
/// (`RUN/metrics.csv`), the best epoch by macro-F1 kept in `RUN/best/`, `RUN/labels.json`,
/// `RUN/config.toml`, `RUN/report.html`; after every epoch a `TrainingCheckpoint` in `RUN/checkpoint/`, from
/// which `train(resume: true)` continues exactly. The dataset is read whole (classification sets are small).
public final class FineTuner {
    public static let metricsColumns = ["epoch", "step", "train_loss", "validation_loss", "accuracy", "macro_f1", "learning_rate", "seconds"]

    public let dataset: TokenizedDataset
    public let vocabulary: GeneVocabulary
    public let settings: FineTuningSettings
    public let training: TrainingSettings
    public let run: RunDirectory
    public var log: (String) -> Void = { _ in }
    public var showsProgress = true
    /// Stop after this many epochs in total (nil: all configured epochs), as if interrupted: the
    /// schedule still spans every configured epoch, and `resume` continues (used by the tests).
    public var stopAfterEpochs: Int?

    public init(dataset: TokenizedDataset, vocabulary: GeneVocabulary, settings: FineTuningSettings, training: TrainingSettings,
                run: RunDirectory) {
        self.dataset = dataset
        self.vocabulary = vocabulary
        self.settings = settings
        self.training = training
        self.run = run
    }

    /// What a finished run measured.
    public struct Summary {
        public let best: ClassifierDirectory.Description
        /// Training cells per second (forward + backward + update), over all epochs.
        public let cellsPerSecond: Double
    }

    /// Trains and returns the best epoch's description. With `resume`, continues from `RUN/checkpoint/`
    /// (if any; the configuration must be the same) and drops metrics rows past it; without it, an earlier
    /// run in `RUN` is replaced.
    @discardableResult
    public func train(resume: Bool = false) throws -> Summary {
        try training.validate(file: run.configuration.path)
        guard dataset.metadata.labelColumns.contains(settings.labelColumn) else {
            throw GenePipelineError(path: dataset.path, "no label column '\(settings.labelColumn)'; the dataset's label columns are \(dataset.metadata.labelColumns.isEmpty ? "none (rank-encode with --label-column)" : dataset.metadata.labelColumns.joined(separator: ", "))")
        }
        let all = 0..<dataset.cellCount
        let labels = try dataset.column(settings.labelColumn, all)
        let cellIDs = try dataset.column(TokenizedDatasetLayout.cellIDColumn, all)
        let tokens = try dataset.tokens(all)
        let classes = Array(Set(labels)).sorted()
        guard classes.count >= 2 else {
            throw GenePipelineError(path: dataset.path, "label column '\(settings.labelColumn)' has \(classes.count) class; a classifier needs at least 2")
        }
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let targets = labels.map { classIndex[$0]! }
        let generator = RandomGenerator(seed: UInt64(bitPattern: Int64(training.seed)))
        let (trainingCells, validationCells) = stratifiedSplit(labels: labels, validationFraction: training.validationFraction, generator: generator)
        // The body's dropout draws from the run's generator too, so one checkpointed state resumes all of it.
        let (body, positional) = try ModelDirectory.loadEncoder(settings.pretrained, generator: generator)
        try vocabulary.check(modelVocabularySize: body.configuration.vocabularySize, model: "model \(settings.pretrained)")
        guard settings.freezeLayers >= 0 && settings.freezeLayers <= body.configuration.layers else {
            throw GenePipelineError(path: settings.pretrained, "--freeze-layers \(settings.freezeLayers): the model has \(body.configuration.layers) layers")
        }
        if body.configuration.maxPositions > 0 && body.configuration.maxPositions < training.maxLength {
            throw GenePipelineError(path: settings.pretrained, "the model has \(body.configuration.maxPositions) positions, fewer than max length \(training.maxLength)")
        }


        let configurationText = try TOMLCodable.render(settings, header: "finetune") + "\n" + TOMLCodable.render(training, header: "training")
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: run.url, withIntermediateDirectories: true)
        let canResume = resume && run.hasCheckpoint
        if canResume {
            let previous = try? String(contentsOf: run.configuration, encoding: .utf8)
            guard previous == configurationText else {
                throw GenePipelineError(path: run.configuration.path, "--resume needs the configuration of the interrupted run; this one differs (start over without --resume)")
            }
        } else {
            for stale in [run.metrics, run.best, run.report, run.checkpoint] where fileManager.fileExists(atPath: stale.path) {
                try fileManager.removeItem(at: stale)
            }
        }
        let validationSet = Set(validationCells)
        try AtomicFile.write(Data((["cell_id,split"] + all.map { "\(csvField(cellIDs[$0])),\(validationSet.contains($0) ? "validation" : "train")" })
            .joined(separator: "\n").appending("\n").utf8), to: run.split)
        let labelsJSON = try JSONSerialization.data(withJSONObject: ["label_column": settings.labelColumn, "classes": classes],
                                                    options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(labelsJSON, to: run.labels)
        try AtomicFile.write(Data(configurationText.utf8), to: run.configuration)

        let classifier = SequenceClassifier(body: body, classes: classes.count, pooling: settings.pooling,
                                            dropout: settings.classifierDropout, generator: generator)
        classifier.freezeLayers(settings.freezeLayers, includingEmbeddings: !settings.trainEmbeddings)
        let optimizer = Adam.adamW(parameters: classifier.trainableParameters, learningRate: training.learningRate,
                                   weightDecay: training.weightDecay)
        let length = { (cell: Int) in min(tokens[cell].count, self.training.maxLength) }
        let stepsPerEpoch = LengthGroupedBatches(lengths: trainingCells.map(length), batchSize: training.batchSize, generator: RandomGenerator(seed: 0)).batches.count
        let schedule = LearningRateSchedule.linearWarmupDecay(warmup: training.warmupSteps, total: stepsPerEpoch * training.epochs)
        let metrics = try MetricsLog(path: run.metrics.path, columns: Self.metricsColumns)
        log("fine-tuning on \(trainingCells.count) cells (\(validationCells.count) validation), \(classes.count) classes, \(classifier.trainableParameters.reduce(0) { $0 + $1.count }) trainable parameters, layers 0..<\(settings.freezeLayers)\(settings.trainEmbeddings || settings.freezeLayers == 0 ? "" : " and the embeddings") frozen")

        var step = 0, startEpoch = 0, best: ClassifierDirectory.Description?, trainedCells = 0, trainingSeconds = 0.0
        if canResume {
            let progress = try run.resume(model: classifier, optimizer: optimizer, generator: generator, metrics: metrics)
            step = progress.step
            startEpoch = progress.epoch
            best = ClassifierDirectory.exists(run.best.path) ? try ClassifierDirectory.readDescription(run.best.path) : nil
            log("resuming \(run.url.path) after epoch \(progress.epoch) (step \(step))")
        }
        for epoch in startEpoch..<min(training.epochs, stopAfterEpochs ?? .max) {
            let started = Date()
            let order = LengthGroupedBatches(lengths: trainingCells.map(length), batchSize: training.batchSize,
                                             generator: EpochPlan.generator(seed: training.seed, epoch: epoch, stream: 0))
            var bar = ProgressBar(label: "finetune epoch \(epoch + 1)/\(training.epochs)", unit: "batches")
            var lossSum = 0.0
            classifier.train()
            for (index, members) in order.batches.enumerated() {
                let cells = members.map { trainingCells[$0] }
                let batch = CellBatching.padded(cells, tokens: tokens, padding: vocabulary.paddingToken, maxLength: training.maxLength)
                optimizer.learningRate = training.learningRate * schedule.multiplier(at: step)
                optimizer.zeroGradients()
                let loss = classifier.loss(ids: batch.ids, shape: [batch.batch, batch.length], attentionMask: batch.isToken,
                                           labels: cells.map { targets[$0] })
                loss.backward()
                clipGradientNorm(optimizer.parameters, maxNorm: training.clipNorm)
                optimizer.step()
                lossSum += Double(loss.item) * Double(cells.count)
                step += 1
                if showsProgress { bar.update(index + 1, of: order.batches.count, detail: String(format: "loss %.4f", loss.item)) }
            }
            trainingSeconds += Date().timeIntervalSince(started)
            trainedCells += trainingCells.count
            let predictions = CellClassification.predict(classifier, cells: validationCells, tokens: tokens,
                                                         padding: vocabulary.paddingToken, maxLength: training.maxLength)
            let validationLoss = zip(validationCells, predictions).reduce(0.0) { $0 - Foundation.log(max(Double($1.1.probabilities[targets[$1.0]]), 1e-12)) }
                / Double(max(validationCells.count, 1))
            let scores = ClassificationMetrics(truth: validationCells.map { targets[$0] }, predictions: predictions.map(\.predicted),
                                               classCount: classes.count)
            try metrics.append([String(epoch + 1), String(step), format(lossSum / Double(trainingCells.count)), format(validationLoss),
                                format(scores.accuracy), format(scores.macroF1), String(format: "%.6g", optimizer.learningRate),
                                String(format: "%.2f", Date().timeIntervalSince(started))])
            log(String(format: "epoch %d: train loss %.4f, validation loss %.4f, accuracy %.4f, macro-F1 %.4f",
                       epoch + 1, lossSum / Double(trainingCells.count), validationLoss, scores.accuracy, scores.macroF1))
            if best == nil || scores.macroF1 > best!.validationMacroF1 {
                let description = ClassifierDirectory.Description(
                    encoder: body.configuration, positional: positional, labelColumn: settings.labelColumn, classes: classes,
                    pooling: settings.pooling, maxLength: training.maxLength, epoch: epoch + 1, validationAccuracy: scores.accuracy,
                    validationMacroF1: scores.macroF1, confusion: scores.confusion)
                try ClassifierDirectory.save(classifier, description: description, to: run.best)
                best = description
            }
            try TrainingCheckpoint.save(model: classifier, optimizer: optimizer,
                                        progress: .init(step: step, epoch: epoch + 1, randomState: generator.state), to: run.checkpoint)
        }
        guard let best else {
            throw GenePipelineError(path: run.url.path, "no epoch was trained (epochs \(training.epochs), resumed after epoch \(startEpoch))")
        }
        let cellsPerSecond = Double(trainedCells) / max(trainingSeconds, 1e-9)
        try RunReport.fineTuning(run: run, metrics: metrics, configuration: configurationText, best: best,
                                 classCounts: classes.map { name in (name, labels.filter { $0 == name }.count) },
                                 cellsPerSecond: cellsPerSecond)
        return Summary(best: best, cellsPerSecond: cellsPerSecond)
    }
}

/// `text` quoted for CSV when it holds a comma, quote or newline.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

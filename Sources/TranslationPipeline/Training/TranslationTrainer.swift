import Foundation
import SmithyNN
import SmithyPipeline
import SmithyTensor
import SmithyText
import SmithyTraining
import SmithyTransformer

/// Trains an encoder-decoder translation model epoch by epoch into a run directory.
///
/// Each step: teacher-forced logits for a token-count batch, label-smoothed cross-entropy,
/// backward, gradient clipping, Adam(0.9, 0.98, 1e-9) at factor · inverse-square-root(step).
/// Batches come from length-sorted buckets (`LengthGroupedBatches` with a token budget) in an order
/// that is a pure function of (seed, epoch). After each epoch: validation loss, greedy validation
/// BLEU, a metrics row, the weights, a `TrainingCheckpoint` (model, optimizer, step, epoch, the
/// dropout generator's state) and the report. Resuming restores the checkpoint and drops metric
/// rows past it, so an interrupted run continues with exactly the losses it would have had.
public final class TranslationTrainer {
    public let configuration: TranslationConfiguration
    public let run: RunDirectory
    public let tokenizers: TranslationTokenizers
    public let model: Seq2SeqTransformer
    /// Drives weight initialisation and then dropout; its state is checkpointed.
    private let generator: RandomGenerator
    private let optimizer: Adam
    private let schedule: LearningRateSchedule
    private let train: EncodedCorpus
    private let valid: EncodedCorpus
    private let validCorpus: ParallelCorpus
    /// Shows a progress bar per epoch on stderr.
    public var showsProgress = true
    /// Receives one line per epoch.
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    /// A trainer for `configuration` (whose vocabulary sizes must match `tokenizers`) on the given corpora.
    public init(configuration: TranslationConfiguration, run: RunDirectory, tokenizers: TranslationTokenizers,
                train trainCorpus: ParallelCorpus, valid validCorpus: ParallelCorpus) {
        self.configuration = configuration
        self.run = run
        self.tokenizers = tokenizers
        let settings = configuration.training
        generator = RandomGenerator(seed: settings.seed)
        model = configuration.modelFile.makeModel(generator: generator)
        optimizer = Adam(parameters: model.trainableParameters, learningRate: 0, beta1: TrainingSettings.adamBeta1,
                         beta2: TrainingSettings.adamBeta2, epsilon: TrainingSettings.adamEpsilon)
        schedule = .inverseSquareRoot(modelDimension: configuration.model.modelDimension, warmup: settings.warmupSteps)
        train = EncodedCorpus(trainCorpus, tokenizers: tokenizers, maxTokens: settings.maxSentenceTokens)
        valid = EncodedCorpus(validCorpus, tokenizers: tokenizers, maxTokens: settings.maxSentenceTokens)
        self.validCorpus = validCorpus
    }

    /// What the run's data and model look like (pairs kept and dropped, vocabularies, parameters).
    public func dataSummary(description: String) -> DataSummary {
        DataSummary(trainPairs: train.count + train.droppedCount, trainDropped: train.droppedCount,
                    validPairs: valid.count + valid.droppedCount, validDropped: valid.droppedCount,
                    sourceVocabularySize: tokenizers.source.vocabularySize, targetVocabularySize: tokenizers.target.vocabularySize,
                    parameterCount: model.parameterCount, description: description)
    }

    /// Trains until `configuration.training.epochs` epochs are complete; with `resume`, starts from
    /// the run's checkpoint. Returns the metrics log.
    @discardableResult
    public func fit(resume: Bool) throws -> MetricsLog {
        let metrics = try TrainingMetrics.open(run)
        var step = 0, startEpoch = 0
        if resume {
            let progress = try TrainingCheckpoint.restore(from: run.checkpoint, model: model, optimizer: optimizer)
            generator.state = progress.randomState
            (step, startEpoch) = (progress.step, progress.epoch)
            try metrics.retain { Int($0[0]).map { $0 <= progress.epoch } ?? false }
            log("resumed from \(run.checkpoint.path): epoch \(progress.epoch), step \(progress.step)")
        } else {
            try metrics.retain { _ in false }
        }
        let settings = configuration.training
        for epoch in startEpoch..<settings.epochs {
            let start = Date()
            let trainLoss = trainEpoch(epoch, step: &step)
            let validLoss = validationLoss()
            let bleu = validationBLEU()
            let seconds = Date().timeIntervalSince(start)
            try metrics.append([String(epoch + 1), String(step), format(trainLoss), format(validLoss),
                                format(bleu.score), String(format: "%.3e", optimizer.learningRate), String(format: "%.1f", seconds)])
            try model.save(to: run.weights)
            try TrainingCheckpoint.save(model: model, optimizer: optimizer,
                                        progress: .init(step: step, epoch: epoch + 1, randomState: generator.state),
                                        to: run.checkpoint)
            try TranslationReport(run: run, examples: bleu.examples).write()
            log("epoch \(epoch + 1)/\(settings.epochs): step \(step), train loss \(format(trainLoss)), "
                + "valid loss \(format(validLoss)), valid BLEU \(String(format: "%.2f", bleu.score)), \(String(format: "%.1f", seconds)) s, "
                + "peak tensor memory \(MemoryStatistics.peakBytes >> 20) MiB")
        }
        return metrics
    }

    /// One pass over the training batches; returns the token-weighted mean loss.
    private func trainEpoch(_ epoch: Int, step: inout Int) -> Double {
        let settings = configuration.training
        model.train()
        let batches = Self.batches(train, maxTokens: settings.maxTokensPerBatch, seed: Self.epochSeed(settings.seed, epoch))
        var progress = ProgressBar(label: "epoch \(epoch + 1)", unit: "batches")
        var lossSum = 0.0, tokens = 0
        for (index, indices) in batches.enumerated() {
            let batch = TranslationBatch(train, indices: indices)
            optimizer.zeroGradients()
            let logits = model(sourceIds: batch.source.ids, sourceShape: batch.sourceShape, sourceIsToken: batch.source.isToken,
                               targetIds: batch.targetInput.ids, targetShape: batch.targetShape, targetIsToken: batch.targetInput.isToken)
            let loss = model.loss(logits: logits, targets: batch.targetOutput, labelSmoothing: settings.labelSmoothing)
            loss.backward()
            if settings.clipNorm > 0 { clipGradientNorm(optimizer.parameters, maxNorm: settings.clipNorm) }
            optimizer.learningRate = settings.learningRateFactor * schedule.multiplier(at: step)
            optimizer.step()
            step += 1
            lossSum += Double(loss.item) * Double(batch.targetTokenCount)
            tokens += batch.targetTokenCount
            if showsProgress {
                progress.update(index + 1, of: batches.count, detail: "loss \(String(format: "%.3f", lossSum / Double(tokens)))")
            }
        }
        return lossSum / Double(max(tokens, 1))
    }

    /// The token-weighted mean loss over the validation set, without dropout.
    private func validationLoss() -> Double {
        model.eval()
        defer { model.train() }
        return GradientMode.withoutGradients {
            var lossSum = 0.0, tokens = 0
            for indices in Self.batches(valid, maxTokens: configuration.training.maxTokensPerBatch, seed: 0) {
                let batch = TranslationBatch(valid, indices: indices)
                let logits = model(sourceIds: batch.source.ids, sourceShape: batch.sourceShape, sourceIsToken: batch.source.isToken,
                                   targetIds: batch.targetInput.ids, targetShape: batch.targetShape, targetIsToken: batch.targetInput.isToken)
                let loss = model.loss(logits: logits, targets: batch.targetOutput, labelSmoothing: configuration.training.labelSmoothing)
                lossSum += Double(loss.item) * Double(batch.targetTokenCount)
                tokens += batch.targetTokenCount
            }
            return lossSum / Double(max(tokens, 1))
        }
    }

    /// Greedy BLEU on the first validation sentences, with a few examples for the report.
    private func validationBLEU() -> (score: Double, examples: [TranslationExample]) {
        let count = min(configuration.training.validationBleuSentences, validCorpus.count)
        guard count > 0 else { return (.nan, []) }
        model.eval()
        defer { model.train() }
        let sources = Array(validCorpus.sourceLines.prefix(count)), references = Array(validCorpus.targetLines.prefix(count))
        let hypotheses = Translator(model: model, tokenizers: tokenizers, beamWidth: 1, batchSize: 64).translate(sources)
        let score = (try? BLEU().corpusScore(hypotheses: hypotheses, references: [references]).score) ?? .nan
        let examples = (0..<min(5, count)).map {
            TranslationExample(source: sources[$0], reference: references[$0], hypothesis: hypotheses[$0])
        }
        return (score, examples)
    }

    /// Token-budget batches of length-sorted buckets, shuffled by `seed`.
    static func batches(_ corpus: EncodedCorpus, maxTokens: Int, seed: UInt64) -> [[Int]] {
        LengthGroupedBatches(lengths: corpus.sources.indices.map(corpus.batchLength), batchSize: maxTokens,
                             maxTokens: maxTokens, generator: RandomGenerator(seed: seed)).batches
    }

    /// The data-order seed of `epoch`: a pure function of the run seed and the epoch.
    static func epochSeed(_ seed: UInt64, _ epoch: Int) -> UInt64 {
        seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) &+ 1
    }

    private func format(_ value: Double) -> String { String(format: "%.4f", value) }
}

extension TranslationConfiguration {
    /// The model description this configuration trains.
    public var modelFile: TranslationModelFile {
        TranslationModelFile(model: model, positional: positional, attention: attention)
    }
}

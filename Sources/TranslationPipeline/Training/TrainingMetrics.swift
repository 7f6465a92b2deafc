import SmithyPipeline

/// The columns of `RUN/metrics.csv`, one row per completed epoch. Losses are the token-weighted
/// mean label-smoothed cross-entropy (the training objective) over the epoch's batches and over the
/// whole validation set; BLEU is sacreBLEU's (13a, cased) on greedy translations of the first
/// validation sentences.
public enum TrainingMetrics {
    public static let columns = ["epoch", "step", "train_loss", "valid_loss", "valid_bleu", "learning_rate", "seconds"]

    /// Opens `run`'s metrics log.
    public static func open(_ run: RunDirectory) throws -> MetricsLog {
        try MetricsLog(path: run.metrics.path, columns: columns)
    }
}

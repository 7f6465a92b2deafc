import SmithyPipeline

/// The `[search.pruning]` table: when the median rule may stop a running trial.
public struct PruningSettings: Equatable, Sendable {
    /// Whether unpromising trials are stopped at all.
    public var enabled: Bool
    /// Finished trials needed before any trial is pruned.
    public var warmupTrials: Int
    /// The first epoch (1-based) at which a trial may be pruned.
    public var minEpochs: Int

    public init(enabled: Bool = true, warmupTrials: Int, minEpochs: Int = 1) {
        self.enabled = enabled
        self.warmupTrials = warmupTrials
        self.minEpochs = minEpochs
    }

    init(_ table: TOMLTableReader, defaultWarmup: Int) throws {
        try table.rejectUnknownKeys(["enabled", "warmup_trials", "min_epochs"])
        enabled = try table.boolean("enabled") ?? true
        warmupTrials = try table.integer("warmup_trials") ?? defaultWarmup
        minEpochs = try table.integer("min_epochs") ?? 1
        guard warmupTrials >= 1 else { throw table.error("warmup_trials", "expected an integer ≥ 1, found \(warmupTrials)") }
        guard minEpochs >= 1 else { throw table.error("min_epochs", "expected an integer ≥ 1, found \(minEpochs)") }
    }
}

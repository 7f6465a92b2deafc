/// The median stopping rule (Google Vizier; Optuna's MedianPruner): from epoch `minEpochs`, once
/// `warmupTrials` trials have finished, a running trial whose best value so far is worse than the
/// median of the finished trials' best-so-far values at the same epoch is stopped.
public struct MedianPruner: Sendable {
    public let settings: PruningSettings
    public let objective: SearchObjective

    public init(settings: PruningSettings, objective: SearchObjective) {
        self.settings = settings
        self.objective = objective
    }

    /// Whether a trial with per-epoch values `running` should stop, given the per-epoch values of
    /// the finished (completed or pruned) trials.
    public func shouldPrune(_ running: [Double], finished: [[Double]]) -> Bool {
        let epoch = running.count
        guard settings.enabled, epoch >= settings.minEpochs, finished.count >= settings.warmupTrials,
              let current = objective.best(of: running) else { return false }
        let peers = finished.filter { $0.count >= epoch }.compactMap { objective.best(of: Array($0.prefix(epoch))) }.sorted()
        guard !peers.isEmpty else { return false }
        let median = peers.count % 2 == 1 ? peers[peers.count / 2] : (peers[peers.count / 2 - 1] + peers[peers.count / 2]) / 2
        return objective.isBetter(median, than: current)
    }
}

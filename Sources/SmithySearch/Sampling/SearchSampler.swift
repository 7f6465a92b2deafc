import SmithyTensor

/// Proposes each trial's parameters: scrambled Halton points for the first `startupTrials` trials,
/// then the Tree-structured Parzen Estimator over the finished trials. Trials still running are
/// counted as observations with the worst value seen so far (the "constant liar" of Ginsbourger et al.,
/// as Optuna's `constant_liar`), so that trials proposed side by side with `--parallel` do not land on the
/// same point. A proposal is a pure function of (seed, trial index, finished and pending trials), so a
/// resumed search proposes what the uninterrupted one would have (exactly so with `--parallel 1`).
public struct SearchSampler: Sendable {
    public let space: SearchSpace
    public let seed: UInt64
    public var estimator = TreeParzenEstimator()
    private let halton: HaltonSequence

    public init(space: SearchSpace, seed: UInt64) {
        self.space = space
        self.seed = seed
        halton = HaltonSequence(dimensions: space.parameters.count, seed: seed)
    }

    /// The parameters of trial `index` (0-based) given the trials finished so far and the parameters of
    /// those still running.
    public func propose(trial index: Int, finished: [TrialRecord], pending: [ParameterAssignment] = []) -> ParameterAssignment {
        var observations = finished.sorted { $0.index < $1.index }.compactMap { record -> TreeParzenEstimator.Observation? in
            guard record.status == .completed || record.status == .pruned, let value = record.objective, value.isFinite else { return nil }
            return .init(assignment: record.parameters, loss: space.objective.maximize ? -value : value)
        }
        if index < space.startupTrials || observations.count < 2 {
            let point = halton.point(index)
            let dimension = Dictionary(uniqueKeysWithValues: space.parameters.enumerated().map { ($1.name, $0) })
            return space.assign { parameter, _ in parameter.domain.value(atUnit: point[dimension[parameter.name]!]) }
        }
        if let worst = observations.map(\.loss).max() {
            observations += pending.map { .init(assignment: $0, loss: worst) }
        }
        let generator = RandomGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &+ 1)
        return estimator.propose(in: space, observations: observations, generator: generator)
    }
}

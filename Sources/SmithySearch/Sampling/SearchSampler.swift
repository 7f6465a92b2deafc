import SmithyTensor

/// Proposes each trial's parameters: scrambled Halton points for the first `startupTrials` trials,
/// then the Tree-structured Parzen Estimator over the finished trials. A proposal is a pure
/// function of (seed, trial index, finished trials), so a resumed search proposes what the
/// uninterrupted one would have.
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

    /// The parameters of trial `index` (0-based) given the trials finished so far.
    public func propose(trial index: Int, finished: [TrialRecord]) -> ParameterAssignment {
        let observations = finished.sorted { $0.index < $1.index }.compactMap { record -> TreeParzenEstimator.Observation? in
            guard record.status == .completed || record.status == .pruned, let value = record.objective, value.isFinite else { return nil }
            return .init(assignment: record.parameters, loss: space.objective.maximize ? -value : value)
        }
        if index < space.startupTrials || observations.count < 2 {
            let point = halton.point(index)
            let dimension = Dictionary(uniqueKeysWithValues: space.parameters.enumerated().map { ($1.name, $0) })
            return space.assign { parameter, _ in parameter.domain.value(atUnit: point[dimension[parameter.name]!]) }
        }
        let generator = RandomGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &+ 1)
        return estimator.propose(in: space, observations: observations, generator: generator)
    }
}

import Foundation
import SmithyPipeline
import SmithyTensor

/// A univariate Tree-structured Parzen Estimator (Bergstra et al. 2011; Optuna's default sampler).
///
/// The finished trials are split at the `gamma` quantile of their objective into a good group and
/// the rest. For each parameter, in declaration order, two densities are fitted over the trials in
/// which the parameter exists: l(x) on the good group and g(x) on the rest (Parzen estimators with
/// a prior for numbers, in log space for log-scale ones; counts plus one per choice for booleans and
/// categories). `candidates` values are drawn from l and the one with the largest l(x)/g(x) is
/// proposed; conditional parameters are proposed only when their condition holds.
public struct TreeParzenEstimator: Sendable {
    /// Share of the finished trials in the good group (at least 1, at most 25 trials).
    public var gamma = 0.25
    /// Values drawn from l(x) per parameter.
    public var candidates = 24

    public init() {}

    /// One finished trial as the estimator sees it: its values and an objective to minimise.
    public struct Observation: Sendable {
        public let assignment: ParameterAssignment
        public let loss: Double

        public init(assignment: ParameterAssignment, loss: Double) {
            self.assignment = assignment
            self.loss = loss
        }
    }

    /// The next assignment given `observations` (in trial order), drawing from `generator`.
    public func propose(in space: SearchSpace, observations: [Observation], generator: RandomGenerator) -> ParameterAssignment {
        let ranked = observations.enumerated().sorted { ($0.element.loss, $0.offset) < ($1.element.loss, $1.offset) }.map(\.element)
        let goodCount = max(1, min(25, Int((gamma * Double(ranked.count)).rounded(.up))))
        let good = ranked.prefix(goodCount).map(\.assignment), bad = ranked.dropFirst(goodCount).map(\.assignment)
        return space.assign { parameter, _ in
            let goodValues = good.compactMap { $0[parameter.name] }, badValues = bad.compactMap { $0[parameter.name] }
            if let choices = parameter.domain.choices {
                return choose(among: choices, good: goodValues, bad: badValues, generator: generator)
            }
            let domain = parameter.domain, range = domain.internalRange!
            let below = ParzenEstimator(observations: goodValues.compactMap(domain.internalCoordinate), range: range)
            let above = ParzenEstimator(observations: badValues.compactMap(domain.internalCoordinate), range: range)
            let drawn = (0..<candidates).map { _ in below.sample(generator) }
            let best = drawn.max { below.logDensity($0) - above.logDensity($0) < below.logDensity($1) - above.logDensity($1) }!
            return domain.value(atInternal: best)
        }
    }

    private func choose(among choices: [TOMLValue], good: [TOMLValue], bad: [TOMLValue], generator: RandomGenerator) -> TOMLValue {
        func probabilities(_ values: [TOMLValue]) -> [Double] {
            let counts = choices.map { choice in Double(values.filter { $0 == choice }.count) + 1 }
            let total = counts.reduce(0, +)
            return counts.map { $0 / total }
        }
        let below = probabilities(good), above = probabilities(bad)
        var best = 0, bestScore = -Double.infinity
        for _ in 0..<candidates {
            var draw = generator.unit(), index = 0
            while index < choices.count - 1 && draw >= below[index] { draw -= below[index]; index += 1 }
            let score = log(below[index]) - log(above[index])
            if score > bestScore { (best, bestScore) = (index, score) }
        }
        return choices[best]
    }
}

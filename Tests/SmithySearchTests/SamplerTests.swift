import Foundation
import SmithyPipeline
import SmithySearch
import SmithyTensor
import XCTest

final class SamplerTests: XCTestCase {
    func testHaltonPointsStratifyEachDimension() {
        let sequence = HaltonSequence(dimensions: 3, seed: 7)
        let points = (0..<25).map(sequence.point)
        // Dimension 0 (base 2): the first 16 points fall in 16 distinct sixteenths; dimension 1
        // (base 3): the first 9 in distinct ninths; dimension 2 (base 5): the first 25 in distinct 25ths.
        for (dimension, count) in [(0, 16), (1, 9), (2, 25)] {
            let strata = Set(points.prefix(count).map { Int($0[dimension] * Double(count)) })
            XCTAssertEqual(strata.count, count, "dimension \(dimension)")
        }
        XCTAssertTrue(points.allSatisfy { $0.allSatisfy { (0..<1).contains($0) } })
        XCTAssertNotEqual(HaltonSequence(dimensions: 3, seed: 8).point(1), sequence.point(1))
    }

    func testProposalsAreAFunctionOfSeedIndexAndHistory() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        func proposals(seed: UInt64) -> [ParameterAssignment] {
            let sampler = SearchSampler(space: space, seed: seed)
            var finished: [TrialRecord] = []
            for index in 0..<12 {
                let parameters = sampler.propose(trial: index, finished: finished)
                finished.append(TrialRecord(index: index, status: .completed, objective: SearchFixtures.syntheticLoss(parameters),
                                            parameters: parameters))
            }
            return finished.map(\.parameters)
        }
        XCTAssertEqual(proposals(seed: 3), proposals(seed: 3))
        XCTAssertNotEqual(proposals(seed: 3), proposals(seed: 4))
        // The history's order does not matter, only its content.
        let sampler = SearchSampler(space: space, seed: 3)
        let history = (0..<6).map { index -> TrialRecord in
            let parameters = sampler.propose(trial: index, finished: [])
            return TrialRecord(index: index, status: .completed, objective: SearchFixtures.syntheticLoss(parameters), parameters: parameters)
        }
        XCTAssertEqual(sampler.propose(trial: 6, finished: history), sampler.propose(trial: 6, finished: history.reversed()))
    }

    func testTrialsStillRunningSteerTheNextProposalAway() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let sampler = SearchSampler(space: space, seed: 5)
        var finished: [TrialRecord] = []
        for index in 0..<12 {
            let parameters = sampler.propose(trial: index, finished: finished)
            finished.append(TrialRecord(index: index, status: .completed, objective: SearchFixtures.syntheticLoss(parameters),
                                        parameters: parameters))
        }
        let alone = sampler.propose(trial: 12, finished: finished)
        XCTAssertEqual(sampler.propose(trial: 12, finished: finished, pending: []), alone)
        XCTAssertNotEqual(sampler.propose(trial: 12, finished: finished, pending: [alone]), alone,
                          "a running trial counts as a bad observation, so its twin is not proposed again")
    }

    func testTPEFindsBetterTrialsThanRandomSearch() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let trials = 40
        var tpeBest: [Double] = [], randomBest: [Double] = []
        for seed in UInt64(1)...6 {
            let sampler = SearchSampler(space: space, seed: seed)
            var finished: [TrialRecord] = []
            for index in 0..<trials {
                let parameters = sampler.propose(trial: index, finished: finished)
                finished.append(TrialRecord(index: index, status: .completed, objective: SearchFixtures.syntheticLoss(parameters), parameters: parameters))
            }
            tpeBest.append(finished.compactMap(\.objective).min()!)
            let generator = RandomGenerator(seed: seed)
            randomBest.append((0..<trials).map { _ in
                SearchFixtures.syntheticLoss(space.assign { parameter, _ in parameter.domain.value(atUnit: Double(generator.next() >> 11) * 0x1p-53) })
            }.min()!)
        }
        let tpeMean = tpeBest.reduce(0, +) / 6, randomMean = randomBest.reduce(0, +) / 6
        XCTAssertLessThan(tpeMean, randomMean, "TPE \(tpeBest) vs random \(randomBest)")
        print("best of \(trials) trials, mean over 6 seeds: TPE \(tpeMean), random \(randomMean)")
    }

    func testMedianRulePrunesTrialsWorseThanTheMedianAtTheSameEpoch() throws {
        let space = try SearchSpace(text: SearchFixtures.syntheticSpace, file: "space.toml")
        let pruner = MedianPruner(settings: PruningSettings(warmupTrials: 3, minEpochs: 2), objective: space.objective)
        let finished: [[Double]] = [[5, 4, 3], [6, 5, 4], [4, 3.5, 3.4]]
        XCTAssertFalse(pruner.shouldPrune([9], finished: finished), "before min_epochs")
        XCTAssertTrue(pruner.shouldPrune([9, 6], finished: finished), "6 is worse than the median 4 of best-so-far at epoch 2")
        XCTAssertFalse(pruner.shouldPrune([9, 3.9], finished: finished), "3.9 beats the median 4")
        XCTAssertFalse(pruner.shouldPrune([9, 6], finished: Array(finished.prefix(2))), "before warmup_trials finished")
        let disabled = MedianPruner(settings: PruningSettings(enabled: false, warmupTrials: 1), objective: space.objective)
        XCTAssertFalse(disabled.shouldPrune([9, 9], finished: finished))
    }
}

import Foundation
import SmithyTensor
import SmithyTraining
import XCTest

/// The data utilities of training: classification metrics (against scikit-learn), BERT masking,
/// length-grouped batches, padding and the stratified split.
final class TrainingDataTests: XCTestCase {
    func testClassificationMetricsMatchScikitLearn() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("reference/training/classification_metrics.json")
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 40)
        for (index, item) in cases.enumerated() {
            let metrics = ClassificationMetrics(truth: item["truth"] as! [Int], predictions: item["predictions"] as! [Int],
                                                classCount: item["classes"] as! Int)
            XCTAssertEqual(metrics.accuracy, item["accuracy"] as! Double, accuracy: 1e-12, "case \(index)")
            XCTAssertEqual(metrics.macroF1, item["macro_f1"] as! Double, accuracy: 1e-12, "case \(index)")
            XCTAssertEqual(metrics.confusion, item["confusion"] as! [[Int]], "case \(index)")
        }
    }

    func testMaskingFollowsBERTsEightyTenTen() {
        let masking = MaskedLanguageModeling(maskToken: 1, specialTokens: [0, 1, 2, 3], vocabularySize: 1000)
        let ids = (0..<200_000).map { $0 % 500 == 0 ? 2 : 4 + $0 % 900 }
        let isToken = ids.indices.map { $0 % 1000 < 990 }
        let (corrupted, targets) = masking.mask(ids, isToken: isToken, generator: RandomGenerator(seed: 5))
        let eligible = ids.indices.filter { isToken[$0] && ids[$0] != 2 }.count
        XCTAssertEqual(Double(targets.count) / Double(eligible), 0.15, accuracy: 0.005)
        var masked = 0, unchanged = 0, replaced = 0
        for (position, original) in targets {
            XCTAssertEqual(ids[position], original)
            XCTAssertTrue(isToken[position], "padding is never selected")
            XCTAssertNotEqual(original, 2, "special tokens are never selected")
            if corrupted[position] == 1 { masked += 1 } else if corrupted[position] == original { unchanged += 1 } else {
                replaced += 1
                XCTAssertFalse([0, 1, 2, 3].contains(corrupted[position]), "random replacements are ordinary tokens")
            }
        }
        XCTAssertEqual(Double(masked) / Double(targets.count), 0.8, accuracy: 0.01)
        XCTAssertEqual(Double(replaced) / Double(targets.count), 0.1, accuracy: 0.01)
        XCTAssertEqual(Double(unchanged) / Double(targets.count), 0.1, accuracy: 0.01)
        let selected = Set(targets.map(\.position))
        for position in ids.indices where !selected.contains(position) { XCTAssertEqual(corrupted[position], ids[position]) }
        let again = masking.mask(ids, isToken: isToken, generator: RandomGenerator(seed: 5))
        XCTAssertEqual(again.ids, corrupted, "same seed, same masking")
    }

    func testLengthGroupedBatchesCoverEveryItemOnceWithinLimits() {
        let generator = RandomGenerator(seed: 3)
        let lengths = (0..<1000).map { _ in 5 + generator.nextIndex(below: 300) }
        let bySize = LengthGroupedBatches(lengths: lengths, batchSize: 16, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(bySize.batches.flatMap { $0 }.sorted(), Array(0..<1000))
        XCTAssertTrue(bySize.batches.allSatisfy { $0.count <= 16 })
        // Grouping by length keeps padding low: far below what random batches would need.
        let padded = bySize.batches.reduce(0) { $0 + $1.count * $1.map { lengths[$0] }.max()! }
        XCTAssertLessThan(Double(padded) / Double(lengths.reduce(0, +)), 1.1)
        let byTokens = LengthGroupedBatches(lengths: lengths, batchSize: 1000, maxTokens: 2048, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(byTokens.batches.flatMap { $0 }.sorted(), Array(0..<1000))
        XCTAssertTrue(byTokens.batches.allSatisfy { $0.count * $0.map { lengths[$0] }.max()! <= 2048 })
        XCTAssertEqual(LengthGroupedBatches(lengths: lengths, batchSize: 16, generator: RandomGenerator(seed: 1)).batches, bySize.batches)
    }

    func testPaddedBatchPadsAndTruncates() {
        let batch = PaddedBatch([[5, 6, 7], [8]], padding: 0)
        XCTAssertEqual(batch.ids, [5, 6, 7, 8, 0, 0])
        XCTAssertEqual(batch.isToken, [true, true, true, true, false, false])
        let truncated = PaddedBatch([[5, 6, 7], [8]], padding: 0, maxLength: 2)
        XCTAssertEqual(truncated.ids, [5, 6, 8, 0])
        XCTAssertEqual(truncated.length, 2)
    }

    func testStratifiedSplitKeepsEachLabelsShare() {
        let labels = Array(repeating: "a", count: 100) + Array(repeating: "b", count: 10) + ["c", "d", "d"]
        let (training, validation) = stratifiedSplit(labels: labels, validationFraction: 0.2, generator: RandomGenerator(seed: 9))
        XCTAssertEqual(Set(training).union(validation), Set(labels.indices))
        XCTAssertTrue(Set(training).isDisjoint(with: validation))
        let held = Dictionary(grouping: validation, by: { labels[$0] }).mapValues(\.count)
        XCTAssertEqual(held, ["a": 20, "b": 2, "d": 1], "a single-item label stays in training; two items give one each")
    }
}

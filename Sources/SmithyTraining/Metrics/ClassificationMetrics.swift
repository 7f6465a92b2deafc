/// Accuracy, macro-F1 and the confusion matrix of class predictions.
public struct ClassificationMetrics: Equatable {
    /// Number of classes.
    public let classCount: Int
    /// `confusion[true][predicted]` counts.
    public let confusion: [[Int]]

    public init(truth: [Int], predictions: [Int], classCount: Int) {
        precondition(truth.count == predictions.count, "ClassificationMetrics: \(truth.count) labels for \(predictions.count) predictions")
        var confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (actual, predicted) in zip(truth, predictions) { confusion[actual][predicted] += 1 }
        self.classCount = classCount
        self.confusion = confusion
    }

    /// Number of items.
    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Fraction predicted correctly (0 for no items).
    public var accuracy: Double {
        count == 0 ? 0 : Double((0..<classCount).reduce(0) { $0 + confusion[$1][$1] }) / Double(count)
    }

    /// F1 of each class (0 where it has neither true nor predicted items).
    public var f1PerClass: [Double] {
        (0..<classCount).map { c in
            let truePositive = Double(confusion[c][c])
            let predicted = Double((0..<classCount).reduce(0) { $0 + confusion[$1][c] })
            let actual = Double(confusion[c].reduce(0, +))
            return predicted + actual == 0 ? 0 : 2 * truePositive / (predicted + actual)
        }
    }

    /// Unweighted mean of the per-class F1 over classes present in the truth or the predictions,
    /// as scikit-learn's `f1_score(average="macro")` over the labels seen.
    public var macroF1: Double {
        let present = (0..<classCount).filter { c in
            confusion[c].reduce(0, +) > 0 || (0..<classCount).contains { confusion[$0][c] > 0 }
        }
        guard !present.isEmpty else { return 0 }
        let scores = f1PerClass
        return present.reduce(0) { $0 + scores[$1] } / Double(present.count)
    }
}

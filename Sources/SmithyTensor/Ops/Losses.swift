/// Loss functions with PyTorch semantics.

/// How a loss over several items is combined.
public enum LossReduction: String, Sendable {
    /// The average over the items that count (non-ignored targets for cross-entropy).
    case mean
    /// The sum over items.
    case sum
}

/// Cross-entropy of `logits` ([..., classes]) against integer `targets` (one per row), as
/// `torch.nn.functional.cross_entropy`: rows whose target is `ignoreIndex` contribute nothing and
/// are not counted in the mean; with label smoothing ε the target distribution is
/// (1 − ε)·one-hot + ε/classes. Fused: the backward is softmax − target distribution.
public func crossEntropy(logits: Tensor, targets: [Int], ignoreIndex: Int = -100,
                         labelSmoothing: Float = 0, reduction: LossReduction = .mean) -> Tensor {
    let classes = logits.shape.last ?? 1
    let rows = logits.count / max(classes, 1)
    precondition(targets.count == rows,
                 "[cross_entropy] \(targets.count) targets for logits \(describe(logits.shape)) (\(rows) rows)")
    let logProbabilities = Tensor(uninitializedShape: logits.shape)
    softmaxRowsKernel(logits.pointer, logProbabilities.pointer, rows: rows, length: classes, logarithm: true)
    let smoothing = Double(labelSmoothing)
    var total = 0.0
    var counted = 0
    for (row, target) in targets.enumerated() where target != ignoreIndex {
        precondition(target >= 0 && target < classes, "[cross_entropy] target \(target) is outside 0..<\(classes)")
        let rowLogs = logProbabilities.pointer + row * classes
        var loss = -(1 - smoothing) * Double(rowLogs[target])
        if smoothing > 0 {
            loss -= smoothing / Double(classes) * Double(sumContiguous(rowLogs, classes))
        }
        total += loss
        counted += 1
    }
    let scale = reduction == .mean ? 1 / Float(counted) : 1
    let result = Tensor(scalar: Float(total) * scale)
    return result.recorded("cross_entropy", [logits]) { [shape = logits.shape] g in
        let gradient = Tensor(uninitializedShape: shape)
        let factor = g.item * scale
        let uniform = labelSmoothing / Float(classes)
        for (row, target) in targets.enumerated() {
            let source = logProbabilities.pointer + row * classes, destination = gradient.pointer + row * classes
            guard target != ignoreIndex else {
                destination.initialize(repeating: 0, count: classes)
                continue
            }
            mapElements(classes, source, destination) { (vectorExp($0) - uniform) * factor }
            destination[target] -= (1 - labelSmoothing) * factor
        }
        return [gradient]
    }
}

/// Mean (or sum) of squared differences, as `torch.nn.functional.mse_loss`.
public func meanSquaredError(_ prediction: Tensor, _ target: Tensor, reduction: LossReduction = .mean) -> Tensor {
    let difference = prediction - target
    let squares = difference * difference
    return reduction == .mean ? squares.mean() : squares.sum()
}

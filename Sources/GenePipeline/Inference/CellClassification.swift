import SmithyTensor
import SmithyTransformer

/// Class probabilities of cells from a classifier, batched by length, without gradients, in eval mode.
enum CellClassification {
    struct Prediction {
        /// The most probable class.
        let predicted: Int
        /// Softmax over the classes.
        let probabilities: [Float]
    }

    /// One prediction per entry of `cells` (indices into `tokens`), in the order of `cells`.
    static func predict(_ classifier: SequenceClassifier, cells: [Int], tokens: [[Int32]], padding: Int, maxLength: Int,
                        batchSize: Int = 32, progress: ((Int, Int) -> Void)? = nil) -> [Prediction] {
        let wasTraining = classifier.isTraining
        classifier.eval()
        defer { classifier.train(wasTraining) }
        var result = [Prediction?](repeating: nil, count: cells.count)
        let batches = CellBatching.byLength(Array(cells.indices), lengths: { tokens[cells[$0]].count }, batchSize: batchSize)
        var done = 0
        for members in batches {
            let batch = CellBatching.padded(members.map { cells[$0] }, tokens: tokens, padding: padding, maxLength: maxLength)
            let probabilities = GradientMode.withoutGradients {
                classifier.logits(ids: batch.ids, shape: [batch.batch, batch.length], attentionMask: batch.isToken).softmax(axis: -1)
            }
            let classes = probabilities.shape[1]
            let values = probabilities.scalars
            for (row, member) in members.enumerated() {
                let scores = Array(values[(row * classes)..<((row + 1) * classes)])
                result[member] = Prediction(predicted: scores.indices.max { scores[$0] < scores[$1] }!, probabilities: scores)
            }
            done += members.count
            progress?(done, cells.count)
        }
        return result.map { $0! }
    }
}

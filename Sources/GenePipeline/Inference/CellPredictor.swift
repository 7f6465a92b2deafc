import Foundation
import SingleCell
import SmithyTensor
import SmithyTraining

/// `smithy predict`: a fine-tuned classifier's predictions for every cell of a dataset, as
/// `cell_id,predicted,probability[,true_label]` CSV (written atomically), with accuracy and macro-F1
/// when the dataset has the classifier's label column — over all cells and, when the model run's
/// `split.csv` names them, over its validation cells alone.
public struct CellPredictor {
    /// Scores of the predictions against the dataset's labels.
    public struct Scores {
        public let all: ClassificationMetrics
        /// The run's validation cells only (nil when the dataset's cells are not in its split).
        public let validation: ClassificationMetrics?
    }

    public let modelPath: String
    public let dataset: TokenizedDataset
    public let vocabulary: GeneVocabulary
    public var progress: ((Int, Int) -> Void)?

    public init(modelPath: String, dataset: TokenizedDataset, vocabulary: GeneVocabulary) {
        self.modelPath = modelPath
        self.dataset = dataset
        self.vocabulary = vocabulary
    }

    /// Writes `output` and returns the scores (nil without true labels).
    @discardableResult
    public func predict(output: String) throws -> Scores? {
        let (classifier, description) = try ClassifierDirectory.load(modelPath)
        try vocabulary.check(modelVocabularySize: description.encoder.vocabularySize, model: "model \(modelPath)")
        let all = 0..<dataset.cellCount
        let cellIDs = try dataset.column(TokenizedDatasetLayout.cellIDColumn, all)
        let tokens = try dataset.tokens(all)
        let truth = dataset.metadata.labelColumns.contains(description.labelColumn) ? try dataset.column(description.labelColumn, all) : nil
        let predictions = CellClassification.predict(classifier, cells: Array(all), tokens: tokens, padding: vocabulary.paddingToken,
                                                     maxLength: description.maxLength, progress: progress)
        var lines = ["cell_id,predicted,probability" + (truth == nil ? "" : ",true_label")]
        for (cell, prediction) in predictions.enumerated() {
            var line = "\(csvField(cellIDs[cell])),\(csvField(description.classes[prediction.predicted])),"
                + String(format: "%.6f", prediction.probabilities[prediction.predicted])
            if let truth { line += "," + csvField(truth[cell]) }
            lines.append(line)
        }
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: URL(fileURLWithPath: output))
        guard let truth else { return nil }
        // Labels the classifier never saw count as wrong (index = classes.count).
        let classIndex = Dictionary(uniqueKeysWithValues: description.classes.enumerated().map { ($1, $0) })
        let classCount = description.classes.count + 1
        func scores(_ cells: [Int]) -> ClassificationMetrics {
            ClassificationMetrics(truth: cells.map { classIndex[truth[$0]] ?? description.classes.count },
                                  predictions: cells.map { predictions[$0].predicted }, classCount: classCount)
        }
        let validationIDs = try validationCellIDs()
        let validationCells = validationIDs.map { ids in all.filter { ids.contains(cellIDs[$0]) } }
        return Scores(all: scores(Array(all)), validation: validationCells.flatMap { $0.isEmpty ? nil : scores($0) })
    }

    /// The cell ids of the model run's `split.csv` marked validation (nil without one).
    private func validationCellIDs() throws -> Set<String>? {
        let split = RunDirectory(modelPath).split
        guard let text = try? String(contentsOf: split, encoding: .utf8) else { return nil }
        return Set(text.split(separator: "\n").dropFirst().compactMap { line -> String? in
            guard let comma = line.lastIndex(of: ",") else { return nil }
            return line[line.index(after: comma)...] == "validation" ? String(line[..<comma]) : nil
        })
    }
}

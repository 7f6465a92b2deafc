import ArgumentParser
import Foundation
import SmithyNN
import SmithyTensor
import SmithyTraining

/// `smithy demo`: a small end-to-end training run on real data, until the full pipelines exist.
///
/// Learns pbmc68k cell types from Geneformer rank tokens (reference/pbmc68k, V1 dictionary): each
/// cell is the mean embedding of its top-ranked genes, then a linear classifier. Stratified
/// 80/20 split; prints loss and held-out accuracy per epoch.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a small cell-type classifier on the embedded pbmc68k rank tokens (a demo of the core).")

    @Option(help: "Token file: cell_id<TAB>label<TAB>space-separated ids, with a header line.")
    var tokens = "reference/pbmc68k/pbmc68k_tokens_V1_gc30M.tsv"

    @Option(help: "Top-ranked genes used per cell.")
    var topGenes = 64

    @Option(help: "Training epochs.")
    var epochs = 30

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    func run() throws {
        let cells = try TokenFile.read(tokens)
        let classes = Array(Set(cells.map(\.label))).sorted()
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let generator = RandomGenerator(seed: seed)
        let (training, validation) = stratifiedSplit(cells, validationFraction: 0.2, generator: generator)
        let vocabulary = (cells.flatMap(\.ids).max() ?? 0) + 1
        print("cells: \(cells.count) (\(training.count) train, \(validation.count) validation), classes: \(classes.count), vocabulary: \(vocabulary)")

        let embedding = Embedding(count: vocabulary, dimension: 32, generator: generator)
        let classifier = Linear(32, classes.count, generator: generator)
        let optimizer = Adam.adamW(parameters: embedding.parameters + classifier.parameters, learningRate: 1e-2)
        func logits(_ batch: [TokenFile.Cell]) -> Tensor {
            let ids = batch.flatMap { Array($0.ids.prefix(topGenes)) + Array(repeating: 0, count: max(0, topGenes - $0.ids.count)) }
            return classifier(embedding(ids, shape: [batch.count, topGenes]).mean(axes: [1]))
        }
        for epoch in 1...epochs {
            var order = Array(training.indices)
            var shuffler = generator
            order.shuffle(using: &shuffler)
            var totalLoss: Float = 0
            for start in stride(from: 0, to: order.count, by: 32) {
                let batch = order[start..<min(start + 32, order.count)].map { training[$0] }
                optimizer.zeroGradients()
                let loss = crossEntropy(logits: logits(batch), targets: batch.map { classIndex[$0.label]! })
                loss.backward()
                optimizer.step()
                totalLoss += loss.item * Float(batch.count)
            }
            let predictions = GradientMode.withoutGradients { logits(validation) }
            let correct = validation.indices.filter { row in
                let scores = Array(predictions.scalars[(row * classes.count)..<((row + 1) * classes.count)])
                return scores.indices.max { scores[$0] < scores[$1] } == classIndex[validation[row].label]
            }.count
            print(String(format: "epoch %2d  train loss %.4f  validation accuracy %.3f", epoch,
                         totalLoss / Float(training.count), Float(correct) / Float(validation.count)))
        }
    }
}

/// Cells of a rank-token TSV (the format of `smithy dataset export` and Geneformer's reference tokens).
enum TokenFile {
    struct Cell {
        let id: String
        let label: String
        let ids: [Int]
    }

    static func read(_ path: String) throws -> [Cell] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("\(path): cannot be read as UTF-8 text")
        }
        var cells: [Cell] = []
        for (number, line) in text.split(separator: "\n").enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw ValidationError("\(path):\(number + 1): expected 3 tab-separated fields (cell_id, label, input_ids), found \(fields.count)")
            }
            let ids = fields[2].split(separator: " ").compactMap { Int($0) }
            cells.append(Cell(id: String(fields[0]), label: String(fields[1]), ids: ids))
        }
        return cells
    }
}

/// Splits items into training and validation sets with each label's share preserved.
func stratifiedSplit(_ cells: [TokenFile.Cell], validationFraction: Double,
                     generator: RandomGenerator) -> (training: [TokenFile.Cell], validation: [TokenFile.Cell]) {
    var training: [TokenFile.Cell] = [], validation: [TokenFile.Cell] = []
    var shuffler = generator
    for label in Set(cells.map(\.label)).sorted() {
        let members = cells.filter { $0.label == label }.shuffled(using: &shuffler)
        let held = Int((Double(members.count) * validationFraction).rounded())
        validation += members.prefix(held)
        training += members.dropFirst(held)
    }
    return (training, validation)
}

import Foundation
import SingleCell
import SmithyTensor
import SmithyTransformer

/// `smithy embed`: one vector per cell from a model's hidden states, as CSV
/// (`cell_id,dim_0,…,dim_{D−1}`, written atomically).
///
/// `layer` indexes the hidden states as Hugging Face's `hidden_states` does: 0 is the embeddings
/// output, L the last layer; negative values count from the end (−1 = last). Mean pooling averages
/// the real (non-padding) tokens; first-token pooling takes position 0.
public struct CellEmbedder {
    public let modelPath: String
    public let dataset: TokenizedDataset
    public let vocabulary: GeneVocabulary
    public var layer = -1
    public var pooling = Pooling.mean
    public var maxLength = 2048
    public var batchSize = 32
    public var progress: ((Int, Int) -> Void)?

    public init(modelPath: String, dataset: TokenizedDataset, vocabulary: GeneVocabulary) {
        self.modelPath = modelPath
        self.dataset = dataset
        self.vocabulary = vocabulary
    }

    /// The encoder of `modelPath`: a pretrained model directory or run, or a fine-tuned classifier's body.
    func loadBody() throws -> EncoderModel {
        if ClassifierDirectory.exists(modelPath) { return try ClassifierDirectory.load(modelPath).classifier.body }
        return try ModelDirectory.loadEncoder(modelPath).body
    }

    /// Embeddings [cells][D] of `cells`, in order.
    public func embeddings(cells: Range<Int>) throws -> [[Float]] {
        let body = try loadBody()
        body.eval()
        try vocabulary.check(modelVocabularySize: body.configuration.vocabularySize, model: "model \(modelPath)")
        let states = body.configuration.layers + 1
        let index = layer < 0 ? states + layer : layer
        guard index >= 0 && index < states else {
            throw GenePipelineError(path: modelPath, "--layer \(layer) is outside -\(states)...\(states - 1) (the model has \(body.configuration.layers) layers; 0 = embeddings)")
        }
        let tokens = try dataset.tokens(cells)
        let length = body.configuration.maxPositions > 0 ? min(maxLength, body.configuration.maxPositions) : maxLength
        var result = [[Float]](repeating: [], count: cells.count)
        var done = 0
        for members in CellBatching.byLength(Array(tokens.indices), lengths: { tokens[$0].count }, batchSize: batchSize) {
            let batch = CellBatching.padded(members, tokens: tokens, padding: vocabulary.paddingToken, maxLength: length)
            let pooled = GradientMode.withoutGradients {
                let hidden = body.hiddenStates(ids: batch.ids, shape: [batch.batch, batch.length], attentionMask: batch.isToken)[index]
                return pooling(hidden, attentionMask: batch.isToken)
            }
            let dimension = pooled.shape[1]
            let values = pooled.scalars
            for (row, member) in members.enumerated() { result[member] = Array(values[(row * dimension)..<((row + 1) * dimension)]) }
            done += members.count
            progress?(done, cells.count)
        }
        return result
    }

    /// Writes every cell's embedding to `output`.
    public func write(output: String) throws {
        let all = 0..<dataset.cellCount
        let vectors = try embeddings(cells: all)
        let cellIDs = try dataset.column(TokenizedDatasetLayout.cellIDColumn, all)
        let dimension = vectors.first?.count ?? 0
        var text = "cell_id," + (0..<dimension).map { "dim_\($0)" }.joined(separator: ",") + "\n"
        for (cell, vector) in vectors.enumerated() {
            text += csvField(cellIDs[cell]) + "," + vector.map { String(format: "%.6g", $0) }.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
    }
}

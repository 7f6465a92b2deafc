import Foundation
import GenePipeline
import SingleCell
import SmithyPipeline
import SmithyTensor
import XCTest

/// Tiny datasets, models and run directories for the gene pipeline tests.
enum GeneFixtures {
    /// The repository's Geneformer dictionaries.
    static let dictionaries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("reference/geneformer").path

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gene-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `cells` v1 cells with a `cell_type` column: even cells are class "A" and draw their genes from
    /// 2..<8, odd cells class "B" from 8..<14 (small sets, so a classifier on frozen random embeddings
    /// still separates them).
    static func dataset(in directory: URL, cells: Int = 40, modelVersion: String = "v1") throws -> TokenizedDataset {
        let path = directory.appendingPathComponent("cells-\(modelVersion).h5").path
        let metadata = TokenizedDatasetMetadata(modelVersion: modelVersion, dictionaryFiles: [], sourceFiles: ["synthetic"],
                                                labelColumns: ["cell_type"], createdBy: "GenePipelineTests")
        let writer = try TokenizedDatasetWriter(path: path, metadata: metadata)
        let generator = RandomGenerator(seed: 7)
        for cell in 0..<cells {
            let isA = cell % 2 == 0
            let length = 8 + generator.nextIndex(below: 16)
            let genes = (0..<length).map { _ in Int32((isA ? 2 : 8) + generator.nextIndex(below: 6)) }
            writer.addCell(id: "cell-\(cell)", labels: [isA ? "A" : "B"], sourceFile: 0, tokens: genes[...])
        }
        try writer.finish()
        return try TokenizedDataset(path: path)
    }

    static func vocabulary(_ dataset: TokenizedDataset) throws -> GeneVocabulary {
        try GeneVocabulary(dataset: dataset, dictionaryDirectory: dictionaries)
    }

    /// A 2-layer, 16-wide model trained for `epochs` with 4-cell batches.
    static func tinyConfiguration(vocabulary: GeneVocabulary, epochs: Int) throws -> PretrainingConfiguration {
        let text = """
            [model]
            layers = 2
            model_dimension = 16
            heads = 2
            feed_forward_dimension = 32
            max_positions = 64
            dropout = 0.1
            [training]
            epochs = \(epochs)
            batch_size = 4
            warmup_steps = 3
            max_length = 64
            validation_fraction = 0.2
            shard_size = 16
            seed = 3
            """
        return try PretrainingConfiguration.parse(TOMLParser.parse(text, file: "tiny.toml"), file: "tiny.toml", vocabulary: vocabulary)
    }

    /// Pretrains the tiny model in `run` (stopping early as if interrupted with `stopAfterEpochs`).
    @discardableResult
    static func pretrain(_ dataset: TokenizedDataset, run: URL, epochs: Int, resume: Bool = false,
                         stopAfterEpochs: Int? = nil) throws -> Pretrainer.Summary {
        let vocabulary = try vocabulary(dataset)
        let trainer = Pretrainer(dataset: dataset, vocabulary: vocabulary,
                                 configuration: try tinyConfiguration(vocabulary: vocabulary, epochs: epochs), run: RunDirectory(run.path))
        trainer.showsProgress = false
        trainer.stopAfterEpochs = stopAfterEpochs
        return try trainer.train(resume: resume)
    }

    /// Asserts that `body` throws an error whose description contains every one of `fragments`.
    static func assertThrows(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected an error mentioning \(fragments)", file: file, line: line)
        } catch {
            let message = String(describing: error)
            for fragment in fragments where !message.contains(fragment) {
                XCTFail("error '\(message)' does not mention '\(fragment)'", file: file, line: line)
            }
        }
    }
}

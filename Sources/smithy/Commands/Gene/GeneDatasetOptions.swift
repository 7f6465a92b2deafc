import ArgumentParser
import Foundation
import GenePipeline
import SingleCell

/// Opens a tokenized dataset and its vocabulary (the token dictionary of its model version).
enum GeneDatasetOpening {
    static func open(_ path: String, dictionaries: String?) throws -> (TokenizedDataset, GeneVocabulary) {
        let dataset = try TokenizedDataset(path: path)
        let directory = try ReferenceDirectory.locate("geneformer", explicit: dictionaries)
        return (dataset, try GeneVocabulary(dataset: dataset, dictionaryDirectory: directory))
    }

    /// Writes `text` and a newline on stderr.
    static func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

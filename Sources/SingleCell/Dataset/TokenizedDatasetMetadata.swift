/// What a tokenized dataset records about how it was made.
public struct TokenizedDatasetMetadata: Equatable {
    /// Geneformer model version ("v1" or "v2").
    public var modelVersion: String
    /// The dictionary file names used.
    public var dictionaryFiles: [String]
    /// The input files, in order; `source_file_index` points into this list.
    public var sourceFiles: [String]
    /// The metadata columns copied from the inputs, in the order asked for; the first is the label.
    public var labelColumns: [String]
    /// The tool and command that wrote the file.
    public var createdBy: String

    public init(modelVersion: String, dictionaryFiles: [String], sourceFiles: [String],
                labelColumns: [String], createdBy: String) {
        self.modelVersion = modelVersion
        self.dictionaryFiles = dictionaryFiles
        self.sourceFiles = sourceFiles
        self.labelColumns = labelColumns
        self.createdBy = createdBy
    }
}

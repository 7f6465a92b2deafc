import Foundation

/// Geneformer's three gene dictionaries for one model version, read from TSV files.
public struct GeneformerDictionaries {
    public let modelVersion: GeneformerModelVersion
    /// Token → token ID (special tokens and Ensembl gene IDs).
    public let tokenIDs: [String: Int32]
    /// Ensembl ID → non-zero median of normalised expression.
    public let medians: [String: Double]
    /// Upper-case Ensembl ID or symbol → canonical Ensembl ID, restricted to IDs that have a token.
    public let ensemblMapping: [String: String]
    /// The file names the dictionaries were read from.
    public let fileNames: [String]

    /// Reads `token_dictionary_<suffix>.tsv`, `gene_median_dictionary_<suffix>.tsv` and
    /// `ensembl_mapping_dict_<suffix>.tsv` from `directory`.
    public init(directory: String, modelVersion: GeneformerModelVersion) throws {
        self.modelVersion = modelVersion
        let suffix = modelVersion.dictionarySuffix
        fileNames = ["token_dictionary", "gene_median_dictionary", "ensembl_mapping_dict"].map { "\($0)_\(suffix).tsv" }
        let paths = fileNames.map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
        var tokenIDs: [String: Int32] = [:]
        for (key, value) in try TSVDictionaryFile.read(paths[0]) {
            guard let id = Int32(value) else { throw SingleCellError(file: paths[0], location: key, "expected an integer token ID") }
            tokenIDs[key] = id
        }
        var medians: [String: Double] = [:]
        for (key, value) in try TSVDictionaryFile.read(paths[1]) {
            guard let median = Double(value), median > 0 else {
                throw SingleCellError(file: paths[1], location: key, "expected a positive median")
            }
            medians[key] = median
        }
        var mapping: [String: String] = [:]
        for (key, value) in try TSVDictionaryFile.read(paths[2]) where tokenIDs[value] != nil {
            mapping[key] = value
        }
        if let missing = tokenIDs.keys.first(where: { !$0.hasPrefix("<") && medians[$0] == nil }) {
            throw SingleCellError(file: paths[1], location: missing, "expected a median for every gene of the token dictionary")
        }
        if modelVersion.usesSpecialTokens && (tokenIDs["<cls>"] == nil || tokenIDs["<eos>"] == nil) {
            throw SingleCellError(file: paths[0], "expected <cls> and <eos> tokens for model version \(modelVersion.rawValue)")
        }
        self.tokenIDs = tokenIDs
        self.medians = medians
        ensemblMapping = mapping
    }

    /// The token that opens each sequence (`<cls>`), when the model version uses special tokens.
    public var classToken: Int32? { modelVersion.usesSpecialTokens ? tokenIDs["<cls>"] : nil }
    /// The token that closes each sequence (`<eos>`), when the model version uses special tokens.
    public var endToken: Int32? { modelVersion.usesSpecialTokens ? tokenIDs["<eos>"] : nil }
}

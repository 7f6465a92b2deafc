/// The Geneformer generation whose dictionaries and input format are used.
public enum GeneformerModelVersion: String, CaseIterable, Sendable {
    /// gc30M dictionaries; up to 2,048 ranked genes, no special tokens.
    case v1
    /// gc104M dictionaries; `<cls>` + up to 4,094 ranked genes + `<eos>`.
    case v2

    /// The suffix of the dictionary file names (`token_dictionary_<suffix>.tsv`, …).
    public var dictionarySuffix: String { self == .v1 ? "gc30M" : "gc104M" }

    /// The model's input size: the longest sequence, special tokens included.
    public var modelInputSize: Int { self == .v1 ? 2048 : 4096 }

    /// Whether sequences are wrapped in `<cls>` … `<eos>`.
    public var usesSpecialTokens: Bool { self == .v2 }
}

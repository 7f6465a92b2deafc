import Foundation

/// Settings of a rank-encoding run (`smithy rank-encode`).
public struct RankEncodingOptions {
    /// The gene column holding Ensembl IDs or symbols; `nil` uses each format's default.
    public var geneColumn: String?
    /// Per-cell metadata columns copied into the dataset; the first is the label.
    public var labelColumns: [String] = []
    /// The longest sequence, special tokens included; `nil` uses the model input size.
    public var maximumLength: Int?
    /// How many cells are read and encoded at a time; bounds memory.
    public var chunkSize = 1000
    /// Threads encoding the cells of a chunk in parallel (output order is unchanged).
    public var threads = min(8, ProcessInfo.processInfo.activeProcessorCount)
    /// Remove `.N` version suffixes from Ensembl IDs (`ENSG00000141510.12` → `ENSG00000141510`).
    public var stripVersionSuffix = false
    /// Which AnnData matrix holds the counts.
    public var annDataMatrix: AnnDataMatrix = .x
    /// Written into the dataset's `created_by` attribute.
    public var createdBy = "smithy rank-encode"

    public init() {}
}

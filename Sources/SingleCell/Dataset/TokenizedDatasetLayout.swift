/// The names used inside a tokenized dataset file (HDF5), version 1:
///
/// - `/tokens` uint16 when every token ID fits (Geneformer's dictionaries), else int32: every cell's tokens,
///   concatenated.
/// - `/offsets` int64, cells + 1 values: cell `i` is `tokens[offsets[i] ..< offsets[i + 1]]`.
/// - `/source_file_index` int32: the input file each cell came from (an index into `source_files`).
/// - `/obs/cell_id` and `/obs/<label column>`: UTF-8 strings, one per cell.
/// - Root attributes: `format`, `format_version`, `model_version`, `dictionary_files`, `source_files`,
///   `label_columns`, `created_by`.
///
/// Every dataset is chunked, so any range of cells is read without loading the rest.
public enum TokenizedDatasetLayout {
    public static let formatName = "smithy-tokenized-cells"
    public static let formatVersion: Int64 = 1
    static let tokens = "tokens"
    static let offsets = "offsets"
    static let sourceFileIndex = "source_file_index"
    static let obs = "obs"
    /// The per-cell identifier column, always present in `/obs`.
    public static let cellIDColumn = "cell_id"
}

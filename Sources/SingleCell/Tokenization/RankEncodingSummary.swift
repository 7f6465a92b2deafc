/// What a rank-encoding run did, for the closing report.
public struct RankEncodingSummary {
    /// Cells in the input files.
    public var cellsRead = 0
    /// Cells written to the dataset.
    public var cellsKept = 0
    /// Cells skipped because `filter_pass` was not 1.
    public var cellsFilteredOut = 0
    /// Cells dropped because no matched gene had a non-zero count.
    public var emptyCellsDropped = 0
    /// Genes in the input files (summed over files).
    public var genesInInputs = 0
    /// Of those, genes that matched the token dictionary.
    public var genesMatched = 0
    /// Stored counts that were not integers.
    public var nonIntegerCounts = 0
    /// Sequence length of every kept cell (special tokens included), in dataset order.
    public var lengths: [Int32] = []
    /// Bytes of the input files.
    public var inputBytes: Int64 = 0

    public init() {}

    /// Percentage of input genes matched to the dictionary.
    public var percentGenesMatched: Double {
        genesInInputs == 0 ? 0 : 100 * Double(genesMatched) / Double(genesInInputs)
    }

    /// The median sequence length (the lower middle value for an even count), 0 when empty.
    public var medianLength: Int {
        guard !lengths.isEmpty else { return 0 }
        return Int(lengths.sorted()[(lengths.count - 1) / 2])
    }
}

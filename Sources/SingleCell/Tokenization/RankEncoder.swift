import CSmithyKernels

/// Turns one cell's counts into Geneformer's rank-value token sequence; reuses its buffers between cells.
///
/// value = count / n_counts × 10,000 / median (double precision), zeros (and the NaN of an all-zero cell) dropped, sorted descending with
/// ties in column order, truncated to the model input size, wrapped in `<cls>` … `<eos>` for V2.
public struct RankEncoder {
    public let plan: GeneTokenPlan
    /// The most ranked genes kept per cell.
    public let maximumGenes: Int
    private let classToken: Int32?
    private let endToken: Int32?
    private var columnSums: [Double]
    private var touchedColumns: [Int32] = []
    /// Per stored entry of the cell being encoded: its column and value (`smithy_rank_values`).
    private var entryColumns: [Int32] = []
    private var entryValues: [Double] = []
    private var ordering: RankOrdering

    /// - Parameter maximumLength: the longest sequence, special tokens included (default: the model input size).
    public init(plan: GeneTokenPlan, dictionaries: GeneformerDictionaries, maximumLength: Int? = nil) {
        self.plan = plan
        classToken = dictionaries.classToken
        endToken = dictionaries.endToken
        let specialCount = classToken == nil ? 0 : 2
        maximumGenes = max(0, (maximumLength ?? dictionaries.modelVersion.modelInputSize) - specialCount)
        columnSums = [Double](repeating: 0, count: plan.columnCount)
        ordering = RankOrdering(columnCount: plan.columnCount)
    }

    /// Appends the tokens of the cell whose entries are `genes[range]`, `counts[range]` to `tokens`;
    /// returns how many were appended (0 for a cell without any matched, non-zero gene).
    public mutating func encode(genes: UnsafeBufferPointer<Int32>, counts: UnsafeBufferPointer<Double>,
                                totalCount: Double, into tokens: inout [Int32]) -> Int {
        if plan.sumsDuplicates || !rankDistinctGenes(genes: genes, counts: counts, totalCount: totalCount) {
            rankSummedColumns(genes: genes, counts: counts, totalCount: totalCount)
        }
        guard ordering.count > 0 else { return 0 }
        ordering.sort()
        let kept = min(ordering.count, maximumGenes)
        let start = tokens.count
        if let classToken { tokens.append(classToken) }
        let genesStart = tokens.count
        tokens.append(contentsOf: repeatElement(0, count: kept))
        plan.tokenOfColumn.withUnsafeBufferPointer { tokenOfColumn in
            tokens.withUnsafeMutableBufferPointer { tokens in
                ordering.lookUpColumns(kept, in: tokenOfColumn, into: UnsafeMutableBufferPointer(rebasing: tokens[genesStart...]))
            }
        }
        if let endToken { tokens.append(endToken) }
        return tokens.count - start
    }

    /// Fast path for a row whose genes are strictly ascending and a plan that sums nothing: every entry
    /// is its own column. Returns false (having ranked nothing) when the row is not strictly ascending.
    private mutating func rankDistinctGenes(genes: UnsafeBufferPointer<Int32>, counts: UnsafeBufferPointer<Double>,
                                            totalCount: Double) -> Bool {
        ordering.removeAll()
        var ascending = true
        for entry in genes.indices.dropFirst() { ascending = ascending && genes[entry - 1] < genes[entry] }
        guard ascending else { return false }
        guard !plan.medianOfColumn.isEmpty else { return true }  // no gene of the file is in the dictionary
        if entryValues.count < genes.count {
            entryColumns = [Int32](repeating: 0, count: genes.count)
            entryValues = [Double](repeating: 0, count: genes.count)
        }
        entryColumns.withUnsafeMutableBufferPointer { columns in
            entryValues.withUnsafeMutableBufferPointer { values in
                plan.columnOfGene.withUnsafeBufferPointer { columnOfGene in
                    plan.medianOfColumn.withUnsafeBufferPointer { medians in
                        smithy_rank_values(genes.baseAddress, counts.baseAddress, columnOfGene.baseAddress, medians.baseAddress,
                                           totalCount, Self.scale, columns.baseAddress, values.baseAddress, genes.count)
                    }
                }
                ordering.append(columns: UnsafeBufferPointer(rebasing: columns[..<genes.count]),
                                values: UnsafeBufferPointer(rebasing: values[..<genes.count]))
            }
        }
        return true
    }

    /// General path: sums the cell's counts per column (duplicate genes, summed IDs), then ranks the sums.
    private mutating func rankSummedColumns(genes: UnsafeBufferPointer<Int32>, counts: UnsafeBufferPointer<Double>,
                                            totalCount: Double) {
        touchedColumns.removeAll(keepingCapacity: true)
        ordering.removeAll()
        columnSums.withUnsafeMutableBufferPointer { sums in
            plan.columnOfGene.withUnsafeBufferPointer { columnOfGene in
                for entry in 0..<genes.count {
                    let column = columnOfGene[Int(genes[entry])]
                    if column < 0 { continue }
                    if sums[Int(column)] == 0 { touchedColumns.append(column) }
                    sums[Int(column)] += counts[entry]
                }
            }
            plan.medianOfColumn.withUnsafeBufferPointer { medians in
                for column in touchedColumns {
                    let sum = sums[Int(column)]
                    sums[Int(column)] = 0
                    let value = sum / totalCount * Self.scale / medians[Int(column)]
                    if value > 0 { ordering.append(value: value, column: column) }
                }
            }
        }
    }

    /// Geneformer's `target_sum`.
    private static let scale = 10_000.0
}

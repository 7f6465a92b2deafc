import Foundation

/// Rank-encodes single-cell files into one tokenized dataset, chunk by chunk, with Geneformer's
/// `TranscriptomeTokenizer` semantics. Every input is opened and checked before any output is created,
/// and the output appears only when complete.
public struct RankEncodingJob {
    public let inputs: [String]
    public let output: String
    public let dictionaries: GeneformerDictionaries
    public let options: RankEncodingOptions
    /// Receives (cells done, cells in all inputs) after each chunk.
    public var progress: (Int, Int) -> Void = { _, _ in }
    /// Receives each warning (few matched genes, missing n_counts, non-integer counts).
    public var warn: (String) -> Void = { _ in }

    /// Below this share of matched genes a file gets a warning.
    static let lowMatchShare = 0.5

    public init(inputs: [String], output: String, dictionaries: GeneformerDictionaries, options: RankEncodingOptions) {
        self.inputs = inputs
        self.output = output
        self.dictionaries = dictionaries
        self.options = options
    }

    /// One opened, checked input with everything needed to encode it.
    private struct PreparedInput {
        let source: CellMatrixSource
        let plan: GeneTokenPlan
        let cellIDs: [String]
        let totalCounts: [Double]?
        let passesFilter: [Bool]?
        let labels: [[String]]
    }

    /// Runs the job and returns its summary; on error no output file exists.
    public func run() throws -> RankEncodingSummary {
        guard options.chunkSize > 0 else { throw SingleCellError(file: output, "--chunk-size must be positive") }
        var summary = RankEncodingSummary()
        let prepared = try inputs.map { try prepare($0, summary: &summary) }
        let metadata = TokenizedDatasetMetadata(
            modelVersion: dictionaries.modelVersion.rawValue, dictionaryFiles: dictionaries.fileNames,
            sourceFiles: inputs, labelColumns: options.labelColumns, createdBy: options.createdBy)
        let writer = try TokenizedDatasetWriter(path: output, metadata: metadata)
        do {
            let totalCells = prepared.reduce(0) { $0 + $1.source.cellCount }
            for (index, input) in prepared.enumerated() {
                try encode(input, sourceIndex: index, into: writer, summary: &summary, totalCells: totalCells)
            }
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
        if summary.nonIntegerCounts > 0 {
            warn("\(summary.nonIntegerCounts) stored counts are not integers; Geneformer expects raw counts (is this normalised data?)")
        }
        return summary
    }

    private func prepare(_ path: String, summary: inout RankEncodingSummary) throws -> PreparedInput {
        let source = try CellMatrixSourceOpening.open(path, annDataMatrix: options.annDataMatrix)
        var geneIDs = try source.geneColumn(options.geneColumn)
        if options.stripVersionSuffix { geneIDs = geneIDs.map(GeneIDCleaning.strippingVersionSuffix) }
        let plan = GeneTokenPlan(geneIDs: geneIDs, dictionaries: dictionaries)
        let columnName = options.geneColumn ?? source.defaultGeneColumn
        guard plan.matchedGeneCount > 0 else {
            throw SingleCellError(file: path, location: "gene column '\(columnName)'",
                                  "no gene matches the \(dictionaries.modelVersion.rawValue) dictionary (expected Ensembl IDs or symbols of human genes, e.g. ENSG00000141510; found e.g. \(geneIDs.prefix(3).joined(separator: ", ")))\(versionSuffixHint(geneIDs))")
        }
        let share = Double(plan.matchedGeneCount) / Double(max(geneIDs.count, 1))
        if share < Self.lowMatchShare {
            warn("\(path): only \(plan.matchedGeneCount) of \(geneIDs.count) genes (\(String(format: "%.1f", share * 100)) %) in column '\(columnName)' match the dictionary; check the species and the ID type\(versionSuffixHint(geneIDs))")
        }
        summary.genesInInputs += geneIDs.count
        summary.genesMatched += plan.matchedGeneCount
        summary.inputBytes += ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0

        let cellIDs = try source.cellIDs()
        let totalCounts = try numericCellColumn(source, "n_counts", cellIDs.count)
        if totalCounts == nil {
            warn("\(path): no n_counts column among the cell metadata; using each cell's total count over all \(source.geneCount) genes")
        }
        let passesFilter = try numericCellColumn(source, "filter_pass", cellIDs.count)?.map { $0 == 1 }
        let labels = try options.labelColumns.map { name -> [String] in
            guard let column = try source.cellColumn(name) else {
                throw SingleCellError(file: path, location: "cell column '\(name)'",
                                      "label column does not exist; the cell columns are \(source.cellColumnNames.isEmpty ? "(none)" : source.cellColumnNames.joined(separator: ", "))")
            }
            guard column.count == cellIDs.count else {
                throw SingleCellError(file: path, location: "cell column '\(name)'", "expected \(cellIDs.count) values, found \(column.count)")
            }
            return column.strings
        }
        guard cellIDs.count == source.cellCount else {
            throw SingleCellError(file: path, "expected \(source.cellCount) cell identifiers, found \(cellIDs.count)")
        }
        return PreparedInput(source: source, plan: plan, cellIDs: cellIDs, totalCounts: totalCounts,
                             passesFilter: passesFilter, labels: labels)
    }

    /// Likely causes of a poor match, as a clause to append to the message.
    private func versionSuffixHint(_ ids: [String]) -> String {
        if !options.stripVersionSuffix && GeneIDCleaning.manyHaveVersionSuffix(ids) {
            return "; the IDs carry version suffixes (ENSG….12): use --strip-version-suffix"
        }
        if dictionaries.modelVersion == .v1 && !ids.contains(where: { $0.hasPrefix("ENS") }) {
            return "; the v1 dictionary maps Ensembl IDs only: use a column of Ensembl IDs, or --model-version v2 for symbols"
        }
        return ""
    }

    private func numericCellColumn(_ source: CellMatrixSource, _ name: String, _ count: Int) throws -> [Double]? {
        guard let column = try source.cellColumn(name) else { return nil }
        guard case .numbers(let values) = column, values.count == count else {
            throw SingleCellError(file: source.path, location: "cell column '\(name)'", "expected \(count) numbers")
        }
        return values
    }

    /// One thread's encoder and output for its share of a chunk.
    private final class EncodingWorker {
        var encoder: RankEncoder
        var tokens: [Int32] = []
        /// Per cell of the share: its token count, 0 when dropped empty, -1 when filtered out.
        var lengths: [Int] = []
        /// Stored counts of the share that are not integers.
        var nonIntegerCounts = 0
        /// The first negative or non-finite count of the share (cell index in the chunk, value).
        var invalidCount: (cell: Int, count: Double)?

        init(encoder: RankEncoder) { self.encoder = encoder }

        func encode(_ cells: Range<Int>, rows: CellRows, totals: [Double]) {
            tokens.removeAll(keepingCapacity: true)
            lengths.removeAll(keepingCapacity: true)
            nonIntegerCounts = 0
            invalidCount = nil
            rows.geneIndices.withUnsafeBufferPointer { genes in
                rows.counts.withUnsafeBufferPointer { counts in
                    for cell in cells {
                        let entries = rows.rowStarts[cell]..<rows.rowStarts[cell + 1]
                        for count in counts[entries] {
                            if !(count >= 0 && count.isFinite) { invalidCount = (cell, count); return }
                            if count < 0x1p53 && Double(Int64(count)) != count { nonIntegerCounts += 1 }
                        }
                        guard !totals[cell].isNaN else { lengths.append(-1); continue }
                        lengths.append(encoder.encode(genes: UnsafeBufferPointer(rebasing: genes[entries]),
                                                      counts: UnsafeBufferPointer(rebasing: counts[entries]),
                                                      totalCount: totals[cell], into: &tokens))
                    }
                }
            }
        }
    }

    private func encode(_ input: PreparedInput, sourceIndex: Int, into writer: TokenizedDatasetWriter,
                        summary: inout RankEncodingSummary, totalCells: Int) throws {
        let workers = (0..<max(1, options.threads)).map { _ in
            EncodingWorker(encoder: RankEncoder(plan: input.plan, dictionaries: dictionaries, maximumLength: options.maximumLength))
        }
        var rows = CellRows()
        var totals: [Double] = []
        let source = input.source
        for start in stride(from: 0, to: source.cellCount, by: options.chunkSize) {
            try source.readCells(start..<min(start + options.chunkSize, source.cellCount), into: &rows)
            totals.removeAll(keepingCapacity: true)
            for cell in 0..<rows.cellCount {
                let passes = input.passesFilter?[rows.firstCell + cell] ?? true
                totals.append(passes ? try totalCount(input, cell: rows.firstCell + cell, rows: rows,
                                                      entries: rows.rowStarts[cell]..<rows.rowStarts[cell + 1]) : .nan)
            }
            let cellCount = rows.cellCount
            let shares = (0..<workers.count).map { cellCount * $0 / workers.count..<cellCount * ($0 + 1) / workers.count }
            let chunk = rows, chunkTotals = totals
            DispatchQueue.concurrentPerform(iterations: workers.count) { index in
                workers[index].encode(shares[index], rows: chunk, totals: chunkTotals)
            }
            if let (cell, count) = workers.lazy.compactMap(\.invalidCount).first {
                throw SingleCellError(file: source.path, location: "count matrix, cell \(rows.firstCell + cell)",
                                      "expected non-negative finite counts, found \(count)")
            }
            for (worker, share) in zip(workers, shares) {
                summary.nonIntegerCounts += worker.nonIntegerCounts
                var offset = 0
                for (index, length) in worker.lengths.enumerated() {
                    let fileCell = rows.firstCell + share.lowerBound + index
                    summary.cellsRead += 1
                    if length < 0 { summary.cellsFilteredOut += 1; continue }
                    if length == 0 { summary.emptyCellsDropped += 1; continue }
                    writer.addCell(id: input.cellIDs[fileCell], labels: input.labels.map { $0[fileCell] },
                                   sourceFile: sourceIndex, tokens: worker.tokens[offset..<(offset + length)])
                    offset += length
                    summary.cellsKept += 1
                    summary.lengths.append(Int32(length))
                }
            }
            try writer.flush()
            progress(summary.cellsRead, totalCells)
        }
    }

    /// The cell's `n_counts`, or its total over all genes when the file has none.
    private func totalCount(_ input: PreparedInput, cell: Int, rows: CellRows, entries: Range<Int>) throws -> Double {
        guard let totals = input.totalCounts else { return rows.counts[entries].reduce(0, +) }
        let total = totals[cell]
        guard total >= 0, total.isFinite else {
            throw SingleCellError(file: input.source.path, location: "cell column 'n_counts', cell \(cell)",
                                  "expected a non-negative total count, found \(total)")
        }
        return total
    }
}

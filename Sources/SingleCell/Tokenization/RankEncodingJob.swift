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
        /// `n_counts` (8 bytes per cell); cell IDs and labels are read chunk by chunk instead.
        let totalCounts: [Double]?
        let passesFilter: [Bool]?
    }

    /// Runs the job and returns its summary; on error no output file exists.
    public func run() throws -> RankEncodingSummary {
        guard options.chunkSize > 0 else { throw SingleCellError(file: output, "--chunk-size must be positive") }
        var summary = RankEncodingSummary()
        let prepared = try inputs.map { try prepare($0, summary: &summary) }
        let metadata = TokenizedDatasetMetadata(
            modelVersion: dictionaries.modelVersion.rawValue, dictionaryFiles: dictionaries.fileNames,
            sourceFiles: inputs, labelColumns: options.labelColumns, createdBy: options.createdBy)
        let writer = try TokenizedDatasetWriter(path: output, metadata: metadata,
                                                largestToken: dictionaries.tokenIDs.values.max() ?? 0)
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

        let cellCount = source.cellCount
        let totalCounts = try numericCellColumn(source, "n_counts", cellCount)
        if totalCounts == nil {
            warn("\(path): no n_counts column among the cell metadata; using each cell's total count over all \(source.geneCount) genes")
        }
        let passesFilter = try numericCellColumn(source, "filter_pass", cellCount)?.map { $0 == 1 }
        for name in options.labelColumns where try source.cellColumn(name, cells: 0..<min(1, cellCount)) == nil {
            throw SingleCellError(file: path, location: "cell column '\(name)'",
                                  "label column does not exist; the cell columns are \(source.cellColumnNames.isEmpty ? "(none)" : source.cellColumnNames.joined(separator: ", "))")
        }
        return PreparedInput(source: source, plan: plan, totalCounts: totalCounts, passesFilter: passesFilter)
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
                        // Checked cell by cell, just before encoding, so the encoder reads the counts from cache.
                        let cellCounts = UnsafeBufferPointer(rebasing: counts[rows.rowStarts[cell]..<rows.rowStarts[cell + 1]])
                        guard RankEncodingJob.checkCounts(cellCounts, nonIntegerCounts: &nonIntegerCounts) else {
                            invalidCount = cellCounts.first { !($0 >= 0 && $0.isFinite) }.map { (cell, $0) }
                            return
                        }
                        guard !totals[cell].isNaN else { lengths.append(-1); continue }
                        lengths.append(encoder.encode(genes: UnsafeBufferPointer(rebasing: genes[rows.rowStarts[cell]..<rows.rowStarts[cell + 1]]),
                                                      counts: cellCounts, totalCount: totals[cell], into: &tokens))
                    }
                }
            }
        }
    }

    /// Whether every count is non-negative and finite; counts the non-integer ones into `nonIntegerCounts`.
    /// Branch-free, so that it vectorises: it reads every stored entry of the file.
    private static func checkCounts(_ counts: UnsafeBufferPointer<Double>, nonIntegerCounts: inout Int) -> Bool {
        var invalid = 0, fractional = 0
        for count in counts {
            invalid |= count >= 0 && count < .infinity ? 0 : 1
            // Adding and removing 2⁵² rounds a count below 2⁵² to an integer (SSE2, unlike `rounded()`);
            // every double from 2⁵² up is an integer.
            fractional &+= count >= 0x1p52 || (count + 0x1p52) - 0x1p52 == count ? 0 : 1
        }
        nonIntegerCounts += fractional
        return invalid == 0
    }

    /// One chunk of cells read from a source, with what the workers and the writer need; two of them
    /// alternate, so that the next chunk is read while the current one is encoded.
    private final class ChunkBuffer {
        var rows = CellRows()
        var cellIDs: [String] = []
        var labels: [[String]] = []
        /// Per cell: its total count, or NaN when `filter_pass` excludes it.
        var totals: [Double] = []
        var readError: Error?
    }

    /// Reads `cells` of the input into `chunk`, keeping any error in `chunk.readError`.
    private func read(_ cells: Range<Int>, of input: PreparedInput, into chunk: ChunkBuffer) {
        do {
            try input.source.readCells(cells, into: &chunk.rows)
            chunk.cellIDs = try input.source.cellIDs(cells: cells)
            chunk.labels = try options.labelColumns.map { try input.source.cellColumn($0, cells: cells)?.strings ?? [] }
            chunk.totals.removeAll(keepingCapacity: true)
            let rows = chunk.rows
            for cell in 0..<rows.cellCount {
                let passes = input.passesFilter?[rows.firstCell + cell] ?? true
                chunk.totals.append(passes ? try totalCount(input, cell: rows.firstCell + cell, rows: rows,
                                                            entries: rows.rowStarts[cell]..<rows.rowStarts[cell + 1]) : .nan)
            }
            chunk.readError = nil
        } catch {
            chunk.readError = error
        }
    }

    private func encode(_ input: PreparedInput, sourceIndex: Int, into writer: TokenizedDatasetWriter,
                        summary: inout RankEncodingSummary, totalCells: Int) throws {
        // Two shares per thread, so that the thread reading the next chunk still gets its part of the encoding.
        let workers = (0..<2 * max(1, options.threads)).map { _ in
            EncodingWorker(encoder: RankEncoder(plan: input.plan, dictionaries: dictionaries, maximumLength: options.maximumLength))
        }
        let source = input.source
        let chunkStarts = Array(stride(from: 0, to: source.cellCount, by: options.chunkSize))
        func cells(from start: Int) -> Range<Int> { start..<min(start + options.chunkSize, source.cellCount) }
        var current = ChunkBuffer(), next = ChunkBuffer()
        if let first = chunkStarts.first { read(cells(from: first), of: input, into: current) }
        for position in chunkStarts.indices {
            if let error = current.readError { throw error }
            let chunk = current, prefetch = next
            let following = position + 1 < chunkStarts.count ? cells(from: chunkStarts[position + 1]) : nil
            let cellCount = chunk.rows.cellCount
            let shares = (0..<workers.count).map { cellCount * $0 / workers.count..<cellCount * ($0 + 1) / workers.count }
            DispatchQueue.concurrentPerform(iterations: workers.count + 1) { index in
                if index < workers.count {
                    workers[index].encode(shares[index], rows: chunk.rows, totals: chunk.totals)
                } else if let following {
                    read(following, of: input, into: prefetch)
                }
            }
            if let (cell, count) = workers.lazy.compactMap(\.invalidCount).first {
                throw SingleCellError(file: source.path, location: "count matrix, cell \(chunk.rows.firstCell + cell)",
                                      "expected non-negative finite counts, found \(count)")
            }
            for (worker, share) in zip(workers, shares) {
                summary.nonIntegerCounts += worker.nonIntegerCounts
                var offset = 0
                for (index, length) in worker.lengths.enumerated() {
                    let chunkCell = share.lowerBound + index
                    summary.cellsRead += 1
                    if length < 0 { summary.cellsFilteredOut += 1; continue }
                    if length == 0 { summary.emptyCellsDropped += 1; continue }
                    writer.addCell(id: chunk.cellIDs[chunkCell], labels: chunk.labels.map { $0[chunkCell] },
                                   sourceFile: sourceIndex, tokens: worker.tokens[offset..<(offset + length)])
                    offset += length
                    summary.cellsKept += 1
                    summary.lengthCounts[length, default: 0] += 1
                }
            }
            try writer.flush()
            progress(summary.cellsRead, totalCells)
            swap(&current, &next)
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

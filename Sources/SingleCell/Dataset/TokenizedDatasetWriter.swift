import CHDF5

/// Streams cells into a tokenized dataset file: cells are buffered and appended in batches, and the
/// file appears under its real name only after `finish()`.
public final class TokenizedDatasetWriter {
    private let output: AtomicOutputFile
    private let metadata: TokenizedDatasetMetadata
    private var open: OpenFile?
    private var pendingTokens: [Int32] = []
    private var pendingOffsets: [Int64] = []
    private var pendingSources: [Int32] = []
    private var pendingColumns: [[String]]
    private var tokenCount: Int64 = 0
    /// Whether `/tokens` is stored as uint16 (every token ID fits), halving the bytes written and read.
    private let storesNarrowTokens: Bool
    private var narrowTokens: [UInt16] = []

    /// The HDF5 objects of the file being written; released together so that the file closes.
    private struct OpenFile {
        let file: HDF5File
        let tokens: HDF5Dataset
        let offsets: HDF5Dataset
        let sourceFileIndex: HDF5Dataset
        let columns: [HDF5Dataset]
    }

    /// Creates the temporary file next to `path`. With `largestToken` at most 65,535 (every Geneformer
    /// dictionary) tokens are stored as uint16; readers receive them as Int32 either way.
    public init(path: String, metadata: TokenizedDatasetMetadata, largestToken: Int32 = .max) throws {
        output = AtomicOutputFile(destination: path)
        self.metadata = metadata
        storesNarrowTokens = largestToken <= Int32(UInt16.max)
        let file = try HDF5File(creating: output.temporaryPath)
        let root = try file.rootGroup()
        let obs = try root.createGroup(TokenizedDatasetLayout.obs)
        let stringType = HDF5StringCodec.makeVariableLengthUTF8Type()
        defer { H5Tclose(stringType) }
        open = OpenFile(
            file: file,
            tokens: try HDF5Dataset(creatingIn: root, name: TokenizedDatasetLayout.tokens,
                                    elementType: storesNarrowTokens ? UInt16.hdf5MemoryType : Int32.hdf5MemoryType,
                                    chunkLength: 1 << 16),
            offsets: try HDF5Dataset(creatingIn: root, name: TokenizedDatasetLayout.offsets,
                                     elementType: Int64.hdf5MemoryType, chunkLength: 1 << 14),
            sourceFileIndex: try HDF5Dataset(creatingIn: root, name: TokenizedDatasetLayout.sourceFileIndex,
                                             elementType: Int32.hdf5MemoryType, chunkLength: 1 << 14),
            columns: try ([TokenizedDatasetLayout.cellIDColumn] + metadata.labelColumns).map {
                try HDF5Dataset(creatingIn: obs, name: $0, elementType: stringType, chunkLength: 1 << 12, compressed: true)
            })
        pendingColumns = Array(repeating: [], count: 1 + metadata.labelColumns.count)
        pendingOffsets = [0]
    }

    /// Adds one cell: its identifier, its label-column values (in `metadata.labelColumns` order) and tokens.
    public func addCell(id: String, labels: [String], sourceFile: Int, tokens cellTokens: ArraySlice<Int32>) {
        precondition(labels.count == metadata.labelColumns.count, "one value per label column")
        assert(!storesNarrowTokens || cellTokens.allSatisfy { $0 >= 0 && $0 <= Int32(UInt16.max) },
               "token IDs above the writer's largestToken")
        pendingTokens.append(contentsOf: cellTokens)
        tokenCount += Int64(cellTokens.count)
        pendingOffsets.append(tokenCount)
        pendingSources.append(Int32(sourceFile))
        pendingColumns[0].append(id)
        for (index, label) in labels.enumerated() { pendingColumns[index + 1].append(label) }
    }

    /// Writes the buffered cells to the file.
    public func flush() throws {
        guard let open else { return }
        if storesNarrowTokens {
            if narrowTokens.count != pendingTokens.count {
                narrowTokens = [UInt16](repeating: 0, count: pendingTokens.count)
            }
            pendingTokens.withUnsafeBufferPointer { wide in
                narrowTokens.withUnsafeMutableBufferPointer { narrow in
                    for index in wide.indices { narrow[index] = UInt16(truncatingIfNeeded: wide[index]) }
                }
            }
            try open.tokens.append(narrowTokens)
        } else {
            try open.tokens.append(pendingTokens)
        }
        try open.offsets.append(pendingOffsets)
        try open.sourceFileIndex.append(pendingSources)
        for (dataset, values) in zip(open.columns, pendingColumns) { try dataset.append(strings: values) }
        pendingTokens.removeAll(keepingCapacity: true)
        pendingOffsets.removeAll(keepingCapacity: true)
        pendingSources.removeAll(keepingCapacity: true)
        for index in pendingColumns.indices { pendingColumns[index].removeAll(keepingCapacity: true) }
    }

    /// Writes the remaining cells and the attributes, closes the file and moves it into place.
    public func finish() throws {
        try flush()
        try writeAttributes()
        open = nil
        try output.commit()
    }

    /// Abandons the output: the temporary file is removed and nothing appears at the destination.
    public func discard() {
        open = nil
        output.discard()
    }

    private func writeAttributes() throws {
        guard let root = try open?.file.rootGroup() else { return }
        try root.setAttribute("format", string: TokenizedDatasetLayout.formatName)
        try root.setAttribute("format_version", integers: [TokenizedDatasetLayout.formatVersion])
        try root.setAttribute("model_version", string: metadata.modelVersion)
        try root.setAttribute("dictionary_files", strings: metadata.dictionaryFiles)
        try root.setAttribute("source_files", strings: metadata.sourceFiles)
        try root.setAttribute("label_columns", strings: metadata.labelColumns)
        try root.setAttribute("created_by", string: metadata.createdBy)
        try root.file.flush()
    }
}

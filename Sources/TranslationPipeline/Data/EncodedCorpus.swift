import SmithyText

/// A parallel corpus as token ids, ready for batching: source = tokens + `</s>`, target = tokens
/// (the batch adds `<s>` to the decoder input and `</s>` to the expected output).
public struct EncodedCorpus {
    /// Source ids, each ending in end-of-sequence.
    public let sources: [[Int]]
    /// Target ids without begin/end tokens.
    public let targets: [[Int]]
    /// Line numbers (0-based) of the kept pairs in the original files.
    public let lineIndices: [Int]
    /// Pairs dropped because a side was longer than the limit.
    public let droppedCount: Int

    /// Encodes `corpus`, dropping pairs whose source (with `</s>`) or target (with `<s>`/`</s>`)
    /// exceeds `maxTokens` (nil keeps every pair), as the paper did with its 100-token limit.
    public init(_ corpus: ParallelCorpus, tokenizers: TranslationTokenizers, maxTokens: Int?) {
        var sources: [[Int]] = [], targets: [[Int]] = [], lineIndices: [Int] = []
        for index in 0..<corpus.count {
            let source = tokenizers.source.encode(corpus.sourceLines[index], addEOS: true)
            let target = tokenizers.target.encode(corpus.targetLines[index])
            if let maxTokens, source.count > maxTokens || target.count + 1 > maxTokens { continue }
            sources.append(source)
            targets.append(target)
            lineIndices.append(index)
        }
        self.sources = sources
        self.targets = targets
        self.lineIndices = lineIndices
        droppedCount = corpus.count - sources.count
    }

    public var count: Int { sources.count }

    /// The padded length pair `index` needs: the longer of its source and its decoder input/output.
    public func batchLength(_ index: Int) -> Int { max(sources[index].count, targets[index].count + 1) }

    /// Total target tokens the loss is computed on (with end-of-sequence).
    public var targetTokenCount: Int { targets.reduce(0) { $0 + $1.count + 1 } }
}

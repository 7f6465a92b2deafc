import SmithyTensor

/// Greedy decoding of a batch: at each step every unfinished row takes its most probable token.
///
/// Differences from the original: one new token per row per step through the model's cache (the
/// original runs the whole prefix every step; `useCache: false` does that too and gives the same
/// tokens), and rows that have produced end-of-sequence are padded instead of generating on.
public struct GreedyDecoder {
    /// Fed first to every row.
    public var beginToken: Int
    /// Ends a row.
    public var endToken: Int
    /// Fills a finished row after its end-of-sequence token.
    public var paddingToken: Int
    /// Most tokens generated per row (end-of-sequence included).
    public var maximumLength: Int
    /// Size of n-grams that may not occur twice (0: no restriction).
    public var noRepeatNGramSize: Int
    /// Whether to decode incrementally through key/value caches.
    public var useCache: Bool

    public init(beginToken: Int, endToken: Int, paddingToken: Int, maximumLength: Int,
                noRepeatNGramSize: Int = 0, useCache: Bool = true) {
        precondition(maximumLength > 0, "[GreedyDecoder] maximum length \(maximumLength) must be positive")
        self.beginToken = beginToken
        self.endToken = endToken
        self.paddingToken = paddingToken
        self.maximumLength = maximumLength
        self.noRepeatNGramSize = noRepeatNGramSize
        self.useCache = useCache
    }

    /// The generated tokens of each source sentence (without the begin token), all rows the same
    /// length: the longest row's, at most `maximumLength`; rows that ended earlier are padded.
    /// `sourceIds` is laid out as `shape` [B, Ls]; `sourceIsToken` [B·Ls] flags real tokens.
    public func generate<Model: Seq2SeqGenerating>(_ model: Model, sourceIds: [Int], shape: [Int],
                                                   sourceIsToken: [Bool]? = nil) -> [[Int]] {
        GradientMode.withoutGradients {
            let batch = shape[0]
            let memory = model.encode(sourceIds: sourceIds, shape: shape, sourceIsToken: sourceIsToken)
            let cache = model.makeCache(memory: memory, sourceIsToken: sourceIsToken, useCache: useCache)
            var prefixes = Array(repeating: [beginToken], count: batch)
            var finished = Array(repeating: false, count: batch)
            while prefixes[0].count <= maximumLength && finished.contains(false) {
                let logProbabilities = model.decodeStep(prefixes.map { $0.last! }, cache: cache)
                let vocabulary = logProbabilities.shape[1]
                for row in 0..<batch {
                    guard !finished[row] else { prefixes[row].append(paddingToken); continue }
                    let banned = tokensRepeatingNGram(in: prefixes[row], size: noRepeatNGramSize)
                    let scores = logProbabilities.pointer + row * vocabulary
                    var best = -1
                    for token in 0..<vocabulary where !banned.contains(token) && (best < 0 || scores[token] > scores[best]) {
                        best = token
                    }
                    precondition(best >= 0, "[GreedyDecoder] every token is banned by the no-repeat rule")
                    prefixes[row].append(best)
                    finished[row] = best == endToken
                }
            }
            return prefixes.map { Array($0.dropFirst()) }
        }
    }
}

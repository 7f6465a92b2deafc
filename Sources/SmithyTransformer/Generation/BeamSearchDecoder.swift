import SmithyTensor

/// Beam search over a batch of sentences (rows are sentences × beams), through the model's cache.
///
/// Each step every alive beam is extended by its most probable tokens; the `beamWidth` best
/// extensions by accumulated log-probability stay alive. An extension ending in end-of-sequence, or
/// reaching `maximumLength`, joins the sentence's finished list with score log P / lp(length),
/// lp the GNMT penalty ((5 + length) / 6)^α applied once, at that moment.
/// A sentence stops when the best finished score is at least the best score any alive beam could
/// still reach: log P_alive / lp(maximumLength) (log-probabilities only fall as tokens are added
/// and lp grows with length for α ≥ 0), so stopping early never changes the result.
///
/// Differences from the original: the original divides the *running* score by the penalty at
/// every step (so it compounds and favours long beams), copies a finished beam into k identical
/// beams (which can crowd out the live ones), runs the full prefix through the model every step,
/// and leaves end-of-sequence handling to the caller.
public struct BeamSearchDecoder {
    /// A finished sequence: `tokens` without the begin token (end-of-sequence included when it
    /// ended there), their summed log-probability, and the length-penalised score.
    public struct Hypothesis: Equatable {
        public var tokens: [Int]
        public var logProbability: Float
        public var score: Float
    }

    public var beginToken: Int
    public var endToken: Int
    /// Beams kept alive per sentence.
    public var beamWidth: Int
    /// Most tokens generated (end-of-sequence included).
    public var maximumLength: Int
    /// α of the GNMT length penalty (≥ 0; 0 turns it off).
    public var lengthPenaltyAlpha: Float
    /// Size of n-grams that may not occur twice (0: no restriction).
    public var noRepeatNGramSize: Int
    /// Whether to decode incrementally through key/value caches (reordered with the beams).
    public var useCache: Bool

    public init(beginToken: Int, endToken: Int, beamWidth: Int, maximumLength: Int, lengthPenaltyAlpha: Float = 0.6,
                noRepeatNGramSize: Int = 0, useCache: Bool = true) {
        precondition(beamWidth > 0 && maximumLength > 0 && lengthPenaltyAlpha >= 0,
                     "[BeamSearchDecoder] beam width \(beamWidth) and maximum length \(maximumLength) must be positive, α \(lengthPenaltyAlpha) non-negative")
        self.beginToken = beginToken
        self.endToken = endToken
        self.beamWidth = beamWidth
        self.maximumLength = maximumLength
        self.lengthPenaltyAlpha = lengthPenaltyAlpha
        self.noRepeatNGramSize = noRepeatNGramSize
        self.useCache = useCache
    }

    /// The best hypothesis of each source sentence. `sourceIds` is laid out as `shape` [B, Ls];
    /// `sourceIsToken` [B·Ls] flags real tokens. A sentence whose every extension is banned gets an
    /// empty hypothesis scoring −∞.
    public func generate<Model: Seq2SeqGenerating>(_ model: Model, sourceIds: [Int], shape: [Int],
                                                   sourceIsToken: [Bool]? = nil) -> [Hypothesis] {
        GradientMode.withoutGradients {
            let (sentences, k) = (shape[0], beamWidth)
            let memory = model.encode(sourceIds: sourceIds, shape: shape, sourceIsToken: sourceIsToken)
            let cache = model.makeCache(memory: memory, sourceIsToken: sourceIsToken, useCache: useCache)
            cache.select(batchEntries: (0..<sentences).flatMap { Array(repeating: $0, count: k) })
            // Row s·k + b is beam b of sentence s; only beam 0 starts alive, so the first step does
            // not pick k copies of the same extension.
            var prefixes = Array(repeating: [beginToken], count: sentences * k)
            var logProbabilities = (0..<(sentences * k)).map { $0 % k == 0 ? Float(0) : -.infinity }
            var finished = Array(repeating: [Hypothesis](), count: sentences)
            var done = Array(repeating: false, count: sentences)
            let bestPenalty = gnmtLengthPenalty(length: maximumLength, alpha: lengthPenaltyAlpha)

            for step in 1...maximumLength {
                let stepLogProbabilities = model.decodeStep(prefixes.map { $0.last! }, cache: cache)
                var parents = Array(0..<(sentences * k))
                for sentence in 0..<sentences where !done[sentence] {
                    var alive: [(row: Int, token: Int, logProbability: Float)] = []
                    for candidate in candidates(sentence: sentence, prefixes: prefixes, logProbabilities: logProbabilities,
                                                stepLogProbabilities: stepLogProbabilities) {
                        if candidate.token == endToken || step == maximumLength {
                            let tokens = Array(prefixes[candidate.row].dropFirst()) + [candidate.token]
                            let penalty = gnmtLengthPenalty(length: step, alpha: lengthPenaltyAlpha)
                            finished[sentence].append(Hypothesis(tokens: tokens, logProbability: candidate.logProbability,
                                                                 score: candidate.logProbability / penalty))
                            if step == maximumLength { alive.append(candidate) }
                        } else {
                            alive.append(candidate)
                        }
                        if alive.count == k { break }
                    }
                    let bestFinished = finished[sentence].map(\.score).max() ?? -.infinity
                    let bestReachable = (alive.first?.logProbability ?? -.infinity) / bestPenalty
                    done[sentence] = step == maximumLength || alive.isEmpty || bestFinished >= bestReachable
                    for beam in 0..<k {
                        let row = sentence * k + beam
                        if beam < alive.count {
                            parents[row] = alive[beam].row
                            logProbabilities[row] = alive[beam].logProbability
                        } else {
                            logProbabilities[row] = -.infinity
                        }
                    }
                    let newPrefixes = (0..<k).map { beam in
                        beam < alive.count ? prefixes[alive[beam].row] + [alive[beam].token] : prefixes[sentence * k]
                    }
                    for beam in 0..<k { prefixes[sentence * k + beam] = newPrefixes[beam] }
                }
                if !done.contains(false) { break }
                cache.select(batchEntries: parents)
            }
            return finished.map { list in
                list.max { $0.score < $1.score } ?? Hypothesis(tokens: [], logProbability: -.infinity, score: -.infinity)
            }
        }
    }

    /// The extensions of `sentence`'s alive beams, best first: for each beam its `beamWidth + 1`
    /// best allowed tokens (enough for `beamWidth` alive ones even if one ends the sequence).
    private func candidates(sentence: Int, prefixes: [[Int]], logProbabilities: [Float],
                            stepLogProbabilities: Tensor) -> [(row: Int, token: Int, logProbability: Float)] {
        let vocabulary = stepLogProbabilities.shape[1]
        var all: [(row: Int, token: Int, logProbability: Float)] = []
        for row in (sentence * beamWidth)..<((sentence + 1) * beamWidth) where logProbabilities[row] > -.infinity {
            let banned = tokensRepeatingNGram(in: prefixes[row], size: noRepeatNGramSize)
            let scores = stepLogProbabilities.pointer + row * vocabulary
            var best: [(token: Int, score: Float)] = []
            for token in 0..<vocabulary where scores[token] > -.infinity && !banned.contains(token) {
                guard best.count <= beamWidth || scores[token] > best[beamWidth].score else { continue }
                let position = best.firstIndex { $0.score < scores[token] } ?? best.count
                best.insert((token, scores[token]), at: position)
                if best.count > beamWidth + 1 { best.removeLast() }
            }
            all += best.map { (row, $0.token, logProbabilities[row] + $0.score) }
        }
        return all.sorted { $0.logProbability > $1.logProbability }
    }
}

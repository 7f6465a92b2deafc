/// Learns byte-pair-encoding merges from text (Sennrich et al. 2016) over `PreTokenizer` words.
///
/// Words are counted once; each merge then updates pair counts only in the words that contain the merged
/// pair, and the next pair comes from a priority queue, so training Multi30k (both languages, 8,000 tokens)
/// takes seconds. For a joint source/target vocabulary, train on both sides' lines; for separate
/// vocabularies, train one tokenizer per side.
public struct BPETrainer: Sendable {
    /// The vocabulary size to reach, counting special tokens and the character alphabet.
    public var vocabularySize: Int
    /// Pairs seen fewer times than this are never merged (training may then stop below `vocabularySize`).
    public var minPairFrequency: Int
    public var specialTokens: SpecialTokens

    public init(vocabularySize: Int = 8000, minPairFrequency: Int = 2, specialTokens: SpecialTokens = SpecialTokens()) {
        precondition(vocabularySize > 0, "vocabularySize must be positive")
        precondition(minPairFrequency >= 1, "minPairFrequency must be at least 1")
        self.vocabularySize = vocabularySize
        self.minPairFrequency = minPairFrequency
        self.specialTokens = specialTokens
    }

    /// Trains on `lines`; the same lines (in any order) always give the same merges.
    ///
    /// Every character of the training text becomes a base token, even when the alphabet alone exceeds
    /// `vocabularySize`, so every training line round-trips.
    public func train<Lines: Sequence>(lines: Lines) -> BPETokenizer where Lines.Element == String {
        var wordCounts: [ExactText: Int] = [:]
        for line in lines {
            for word in PreTokenizer.words(line) { wordCounts[ExactText(word), default: 0] += 1 }
        }
        // Sorting makes ids independent of hash order.
        let words = wordCounts.sorted { $0.key.text.unicodeScalars.lexicographicallyPrecedes($1.key.text.unicodeScalars) }
        var alphabetSet = Set<Unicode.Scalar>()
        for (word, _) in words { alphabetSet.formUnion(word.text.unicodeScalars) }
        let alphabet = alphabetSet.sorted { $0.value < $1.value }
        var vocabulary = specialTokens.all + alphabet.map { String($0) }
        var symbolID: [Unicode.Scalar: Int32] = [:]
        for (offset, scalar) in alphabet.enumerated() {
            symbolID[scalar] = Int32(specialTokens.all.count + offset)
        }

        var state = MergeState(words: words.map { $0.key.text.unicodeScalars.map { symbolID[$0]! } },
                               frequencies: words.map(\.value))
        var merges: [BPETokenizer.Merge] = []
        while vocabulary.count < vocabularySize, let (left, right) = state.bestPair(minimumCount: minPairFrequency) {
            let merged = Int32(vocabulary.count)
            vocabulary.append(vocabulary[Int(left)] + vocabulary[Int(right)])
            merges.append(BPETokenizer.Merge(left: Int(left), right: Int(right)))
            state.merge(left, right, into: merged)
        }
        return BPETokenizer(validatedSpecialTokens: specialTokens, alphabet: alphabet, merges: merges,
                            vocabulary: vocabulary)
    }
}

extension BPETrainer {
    /// Tokenizers for both sides of a parallel corpus: with `joint`, one tokenizer trained on both sides
    /// (returned for each side); otherwise one trained on each side alone.
    public func train(corpus: ParallelCorpus, joint: Bool) -> (source: BPETokenizer, target: BPETokenizer) {
        guard !joint else {
            let shared = train(lines: corpus.sourceLines + corpus.targetLines)
            return (shared, shared)
        }
        return (train(lines: corpus.sourceLines), train(lines: corpus.targetLines))
    }
}

/// The words under training as symbol-id sequences, with pair counts kept current merge by merge.
private struct MergeState {
    var words: [[Int32]]
    let frequencies: [Int]
    var pairCounts: [UInt64: Int] = [:]
    /// Words that contained each pair when it was counted (may list words that no longer do, or twice).
    var pairWords: [UInt64: [Int32]] = [:]
    var queue = PairQueue()
    /// The last merge that visited each word, to visit a word once per merge.
    var lastVisit: [Int]
    var mergeCount = 0

    static func key(_ left: Int32, _ right: Int32) -> UInt64 { UInt64(UInt32(left)) << 32 | UInt64(UInt32(right)) }

    init(words: [[Int32]], frequencies: [Int]) {
        self.words = words
        self.frequencies = frequencies
        lastVisit = Array(repeating: -1, count: words.count)
        for (index, word) in words.enumerated() where word.count > 1 {
            for position in 0..<(word.count - 1) {
                let pair = Self.key(word[position], word[position + 1])
                pairCounts[pair, default: 0] += frequencies[index]
                pairWords[pair, default: []].append(Int32(index))
            }
        }
        for (pair, count) in pairCounts { queue.push(.init(count: count, pair: pair)) }
    }

    /// The most frequent pair, if it occurs at least `minimumCount` times.
    mutating func bestPair(minimumCount: Int) -> (Int32, Int32)? {
        while let entry = queue.pop() {
            guard pairCounts[entry.pair] == entry.count else { continue }  // stale entry
            guard entry.count >= minimumCount else { return nil }
            return (Int32(truncatingIfNeeded: entry.pair >> 32), Int32(truncatingIfNeeded: entry.pair & 0xFFFF_FFFF))
        }
        return nil
    }

    /// Replaces every occurrence of `left right` (left to right, non-overlapping) by `merged`.
    mutating func merge(_ left: Int32, _ right: Int32, into merged: Int32) {
        let pair = Self.key(left, right)
        var delta: [UInt64: Int] = [:]
        for wordIndex in pairWords.removeValue(forKey: pair) ?? [] {
            let index = Int(wordIndex)
            guard lastVisit[index] != mergeCount else { continue }
            lastVisit[index] = mergeCount
            let old = words[index]
            var new: [Int32] = []
            new.reserveCapacity(old.count)
            var position = 0
            while position < old.count {
                if position + 1 < old.count && old[position] == left && old[position + 1] == right {
                    new.append(merged)
                    position += 2
                } else {
                    new.append(old[position])
                    position += 1
                }
            }
            guard new.count != old.count else { continue }
            let frequency = frequencies[index]
            for position in 0..<(old.count - 1) {
                delta[Self.key(old[position], old[position + 1]), default: 0] -= frequency
            }
            for position in 0..<max(new.count - 1, 0) {
                let newPair = Self.key(new[position], new[position + 1])
                delta[newPair, default: 0] += frequency
                if new[position] == merged || new[position + 1] == merged {
                    pairWords[newPair, default: []].append(wordIndex)
                }
            }
            words[index] = new
        }
        for (changed, change) in delta where change != 0 {
            let count = pairCounts[changed, default: 0] + change
            if count > 0 {
                pairCounts[changed] = count
                queue.push(.init(count: count, pair: changed))
            } else {
                pairCounts.removeValue(forKey: changed)
            }
        }
        mergeCount += 1
    }
}

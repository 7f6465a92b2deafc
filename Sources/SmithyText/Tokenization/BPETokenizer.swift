import Foundation

/// A trained byte-pair-encoding subword tokenizer: `PreTokenizer` words, split into characters, merged by
/// the learned merges in order.
///
/// Guarantees:
/// - `decode(encode(text)) == text` scalar for scalar whenever every character of `text` was seen in
///   training (so every training line round-trips), whatever its whitespace: spaces are ordinary characters
///   of the tokens (a word's leading space is its first character), never inserted or removed.
/// - A character never seen in training encodes as `<unk>` and decodes as the `<unk>` text; the rest of the
///   line still round-trips.
///
/// Encoding caches each distinct word's ids; the tokenizer is safe to share between threads.
public final class BPETokenizer: @unchecked Sendable {
    /// One learned merge: the tokens with ids `left` and `right` become the next token.
    public struct Merge: Equatable, Sendable {
        public let left: Int
        public let right: Int
    }

    public let specialTokens: SpecialTokens
    /// The base tokens (one Unicode scalar each), ids `4..<4+alphabet.count`.
    public let alphabet: [Unicode.Scalar]
    /// The merges in the order learned; merge *i* creates token id `4 + alphabet.count + i`.
    public let merges: [Merge]
    /// Every token's text, by id.
    public let vocabulary: [String]

    private let alphabetIDs: [Unicode.Scalar: Int32]
    /// Merge rank by pair key (left << 32 | right).
    private let mergeRanks: [UInt64: Int32]
    private let firstMergeID: Int32
    private let cacheLock = NSLock()
    private var wordCache: [ExactText: [Int32]] = [:]

    /// The number of tokens, special tokens included.
    public var vocabularySize: Int { vocabulary.count }

    /// Builds a tokenizer from parts already checked for consistency (by the trainer or the file loader).
    init(validatedSpecialTokens specialTokens: SpecialTokens, alphabet: [Unicode.Scalar], merges: [Merge],
         vocabulary: [String]) {
        self.specialTokens = specialTokens
        self.alphabet = alphabet
        self.merges = merges
        self.vocabulary = vocabulary
        let firstAlphabetID = specialTokens.all.count
        alphabetIDs = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, Int32(firstAlphabetID + $0)) })
        firstMergeID = Int32(firstAlphabetID + alphabet.count)
        mergeRanks = Dictionary(uniqueKeysWithValues: merges.enumerated().map { rank, merge in
            (Self.key(Int32(merge.left), Int32(merge.right)), Int32(rank))
        })
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))
    }

    /// The token ids of `text`, optionally wrapped in `<s>` … `</s>`.
    public func encode(_ text: String, addBOS: Bool = false, addEOS: Bool = false) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count / 3 + 2)
        if addBOS { ids.append(SpecialTokens.bosID) }
        for word in PreTokenizer.words(text) {
            for id in wordIDs(word) { ids.append(Int(id)) }
        }
        if addEOS { ids.append(SpecialTokens.eosID) }
        return ids
    }

    /// The text of `ids`: tokens concatenated; `<pad>`, `<s>` and `</s>` are left out unless
    /// `keepSpecialTokens`, `<unk>` (and any id outside the vocabulary) is written as the `<unk>` text.
    public func decode(_ ids: [Int], keepSpecialTokens: Bool = false) -> String {
        var text = ""
        for id in ids {
            switch id {
            case SpecialTokens.padID, SpecialTokens.bosID, SpecialTokens.eosID:
                if keepSpecialTokens { text += vocabulary[id] }
            case 0..<vocabulary.count:
                text += vocabulary[id]
            default:
                text += specialTokens.unk
            }
        }
        return text
    }

    /// The token texts of `ids` (for inspection), `<unk>` for ids outside the vocabulary.
    public func tokens(_ ids: [Int]) -> [String] {
        ids.map { vocabulary.indices.contains($0) ? vocabulary[$0] : specialTokens.unk }
    }

    private func wordIDs(_ word: Substring) -> [Int32] {
        let key = ExactText(word)
        cacheLock.lock()
        let cached = wordCache[key]
        cacheLock.unlock()
        if let cached { return cached }
        let ids = applyMerges(to: word)
        cacheLock.lock()
        wordCache[key] = ids
        cacheLock.unlock()
        return ids
    }

    /// Merges the word's characters by rank: the lowest-ranked adjacent pair first, every occurrence left to
    /// right, which reproduces the segmentation training arrived at.
    private func applyMerges(to word: Substring) -> [Int32] {
        var symbols = word.unicodeScalars.map { alphabetIDs[$0] ?? Int32(SpecialTokens.unkID) }
        while symbols.count > 1 {
            var bestRank = Int32.max
            for position in 0..<(symbols.count - 1) {
                if let rank = mergeRanks[Self.key(symbols[position], symbols[position + 1])], rank < bestRank {
                    bestRank = rank
                }
            }
            guard bestRank != .max else { break }
            let merge = merges[Int(bestRank)]
            let left = Int32(merge.left), right = Int32(merge.right), merged = firstMergeID + bestRank
            var next: [Int32] = []
            next.reserveCapacity(symbols.count - 1)
            var position = 0
            while position < symbols.count {
                if position + 1 < symbols.count && symbols[position] == left && symbols[position + 1] == right {
                    next.append(merged)
                    position += 2
                } else {
                    next.append(symbols[position])
                    position += 1
                }
            }
            symbols = next
        }
        return symbols
    }
}

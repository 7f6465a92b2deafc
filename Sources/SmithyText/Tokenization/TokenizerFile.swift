import Foundation

/// Saving and loading a `BPETokenizer` as one JSON file: format tag, settings, special tokens, the character
/// alphabet size, every token's text by id, and the ordered merges as id pairs.
///
/// Loading checks the file is consistent (special tokens first, single-character alphabet tokens, each merged
/// token the concatenation of its pair, no repeated merge) and reports any problem naming the file.
extension BPETokenizer {
    static let fileFormat = "smithy-bpe-tokenizer"
    static let fileVersion = 1

    private struct FileContents: Codable {
        var format: String
        var version: Int
        /// How text is cut into words before BPE; a different scheme would need a new name.
        var preTokenizer: String
        var specialTokens: SpecialTokens
        var alphabetSize: Int
        var vocabulary: [String]
        var merges: [[Int]]
    }

    static let preTokenizerName = "unicode-classes-space-prefix-v1"

    /// Writes the tokenizer to `path` atomically (a temporary file renamed into place), creating its folder.
    public func save(toPath path: String) throws {
        let contents = FileContents(format: Self.fileFormat, version: Self.fileVersion,
                                    preTokenizer: Self.preTokenizerName, specialTokens: specialTokens,
                                    alphabetSize: alphabet.count, vocabulary: vocabulary,
                                    merges: merges.map { [$0.left, $0.right] })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(contents).write(to: url, options: .atomic)
        } catch {
            throw TextFileError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Reads a tokenizer written by `save(toPath:)`.
    /// - Throws: `TextFileError.unreadable` or `.malformed`, naming the file.
    public convenience init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TextFileError.unreadable(path: path, reason: error.localizedDescription)
        }
        let contents: FileContents
        do {
            contents = try JSONDecoder().decode(FileContents.self, from: data)
        } catch {
            throw TextFileError.malformed(path: path, reason: "not a tokenizer JSON file (\(error))")
        }
        func fail(_ reason: String) -> TextFileError { .malformed(path: path, reason: reason) }
        guard contents.format == Self.fileFormat, contents.version == Self.fileVersion else {
            throw fail("format \(contents.format) version \(contents.version), expected \(Self.fileFormat) "
                       + "version \(Self.fileVersion)")
        }
        guard contents.preTokenizer == Self.preTokenizerName else {
            throw fail("unknown pre-tokenizer \(contents.preTokenizer)")
        }
        let vocabulary = contents.vocabulary
        let specialCount = contents.specialTokens.all.count
        let firstMergeID = specialCount + contents.alphabetSize
        guard contents.alphabetSize >= 0, vocabulary.count == firstMergeID + contents.merges.count else {
            throw fail("\(vocabulary.count) vocabulary entries for \(specialCount) special tokens, "
                       + "\(contents.alphabetSize) characters and \(contents.merges.count) merges")
        }
        guard vocabulary[..<specialCount].elementsEqual(contents.specialTokens.all, by: Self.sameText) else {
            throw fail("vocabulary does not start with the special tokens")
        }
        var alphabet: [Unicode.Scalar] = []
        for id in specialCount..<firstMergeID {
            let scalars = vocabulary[id].unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first else {
                throw fail("alphabet token \(id) is not a single character")
            }
            alphabet.append(scalar)
        }
        guard Set(alphabet).count == alphabet.count else { throw fail("alphabet lists a character twice") }
        var merges: [Merge] = []
        var seen = Set<[Int]>()
        for (rank, pair) in contents.merges.enumerated() {
            let id = firstMergeID + rank
            guard pair.count == 2, pair.allSatisfy({ (specialCount..<id).contains($0) }) else {
                throw fail("merge \(rank) is not a pair of earlier non-special token ids")
            }
            guard seen.insert(pair).inserted else { throw fail("merge \(rank) repeats an earlier merge") }
            guard Self.sameText(vocabulary[id], vocabulary[pair[0]] + vocabulary[pair[1]]) else {
                throw fail("token \(id) is not the concatenation of merge \(rank)'s pair")
            }
            merges.append(Merge(left: pair[0], right: pair[1]))
        }
        self.init(validatedSpecialTokens: contents.specialTokens, alphabet: alphabet, merges: merges,
                  vocabulary: vocabulary)
    }

    private static func sameText(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.elementsEqual(rhs.utf8) }
}

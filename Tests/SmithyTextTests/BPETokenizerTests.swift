import Foundation
import XCTest
import SmithyText

final class BPETokenizerTests: XCTestCase {
    /// The joint Multi30k tokenizer (train.de + train.en, 8,000 tokens), trained once for all tests.
    static let multi30k: (tokenizer: BPETokenizer, seconds: Double) = {
        let lines = try! ["train.de", "train.en"].flatMap { try LineFile.readLines(atPath: ReferenceData.path("multi30k/\($0)")) }
        let start = Date()
        let tokenizer = BPETrainer(vocabularySize: 8000).train(lines: lines)
        return (tokenizer, Date().timeIntervalSince(start))
    }()

    func testMulti30kJointTrainingReachesTheVocabularySizeQuickly() {
        let (tokenizer, seconds) = Self.multi30k
        print("BPE training on Multi30k train (de+en, 58,000 lines, 8,000 tokens): \(String(format: "%.2f", seconds)) s")
        XCTAssertEqual(tokenizer.vocabularySize, 8000)
        XCTAssertEqual(tokenizer.vocabulary[..<4], ["<pad>", "<s>", "</s>", "<unk>"])
        XCTAssertLessThan(seconds, 30, "training should take seconds, not minutes")
    }

    func testEveryMulti30kLineRoundTripsExactly() throws {
        let tokenizer = Self.multi30k.tokenizer
        var lineCount = 0, tokenCount = 0
        let start = Date()
        for (name, path) in ReferenceData.multi30kFiles {
            for (index, line) in try LineFile.readLines(atPath: path).enumerated() {
                let ids = tokenizer.encode(line)
                XCTAssertFalse(ids.contains(SpecialTokens.unkID), "\(name):\(index + 1) has <unk>")
                let decoded = tokenizer.decode(ids)
                if !decoded.unicodeScalars.elementsEqual(line.unicodeScalars) {
                    XCTFail("\(name):\(index + 1) does not round-trip: \(line.debugDescription) → \(decoded.debugDescription)")
                }
                lineCount += 1
                tokenCount += ids.count
            }
        }
        XCTAssertEqual(lineCount, 2 * (29_000 + 1_014 + 1_000))
        let seconds = Date().timeIntervalSince(start)
        print("Round-tripped \(lineCount) Multi30k lines (\(tokenCount) tokens) in \(String(format: "%.2f", seconds)) s")
    }

    func testEncodeThroughputColdAndWarm() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("multi30k.bpe.json").path
        try Self.multi30k.tokenizer.save(toPath: path)
        let tokenizer = try BPETokenizer(contentsOfFile: path)  // empty word cache
        let lines = try LineFile.readLines(atPath: ReferenceData.path("multi30k/train.en"))
        for pass in ["cold", "warm"] {
            let start = Date()
            let tokens = lines.reduce(0) { $0 + tokenizer.encode($1).count }
            let seconds = Date().timeIntervalSince(start)
            print("Encode train.en (\(pass) cache): \(String(format: "%.0f", Double(lines.count) / seconds)) lines/s, "
                  + "\(String(format: "%.2f", Double(tokens) / seconds / 1e6)) M tokens/s")
            XCTAssertGreaterThan(tokens, lines.count)
        }
    }

    func testSpecialTokensWrapAndAreLeftOutOfDecodedText() {
        let tokenizer = Self.multi30k.tokenizer
        let ids = tokenizer.encode("Ein Hund läuft.", addBOS: true, addEOS: true)
        XCTAssertEqual(ids.first, SpecialTokens.bosID)
        XCTAssertEqual(ids.last, SpecialTokens.eosID)
        XCTAssertEqual(tokenizer.decode(ids + [SpecialTokens.padID, SpecialTokens.padID]), "Ein Hund läuft.")
        XCTAssertEqual(tokenizer.decode(ids, keepSpecialTokens: true), "<s>Ein Hund läuft.</s>")
        // Special-token text inside input is ordinary text.
        let markup = BPETrainer(vocabularySize: 50).train(lines: ["<s> and </s> are text"])
        let literal = markup.encode("<s> </s>")
        XCTAssertFalse(literal.contains(SpecialTokens.bosID) || literal.contains(SpecialTokens.eosID))
        XCTAssertEqual(markup.decode(literal), "<s> </s>")
    }

    func testUnseenCharactersBecomeUnknownAndTheRestRoundTrips() {
        let tokenizer = BPETrainer(vocabularySize: 100).train(lines: ["a cat", "a hat"])
        let ids = tokenizer.encode("a 猫 cat")
        XCTAssertTrue(ids.contains(SpecialTokens.unkID))
        XCTAssertEqual(tokenizer.decode(ids), "a <unk> cat")
        XCTAssertEqual(tokenizer.decode([99_999]), "<unk>")
    }

    func testUnusualWhitespaceAndCanonicallyEquivalentSpellingsRoundTrip() throws {
        let lines = ["  two leading", "trailing  ", "tab\tand\u{A0}nbsp", "e\u{301}cole", "\u{E9}cole", " ", "",
                     "Ω Ω \u{2126}", "👩‍💻 codes"]
        let tokenizer = BPETrainer(vocabularySize: 60).train(lines: lines)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("tok.json").path
        try tokenizer.save(toPath: path)
        let loaded = try BPETokenizer(contentsOfFile: path)
        for line in lines {
            for candidate in [tokenizer, loaded] {
                let decoded = candidate.decode(candidate.encode(line))
                XCTAssertTrue(decoded.unicodeScalars.elementsEqual(line.unicodeScalars), line.debugDescription)
            }
        }
        XCTAssertNotEqual(tokenizer.encode("e\u{301}cole"), tokenizer.encode("\u{E9}cole"))
    }

    func testSaveLoadRoundTripKeepsVocabularyMergesAndEncoding() throws {
        let tokenizer = Self.multi30k.tokenizer
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("multi30k.bpe.json").path
        try tokenizer.save(toPath: path)
        let loaded = try BPETokenizer(contentsOfFile: path)
        XCTAssertEqual(loaded.vocabulary, tokenizer.vocabulary)
        XCTAssertEqual(loaded.merges, tokenizer.merges)
        XCTAssertEqual(loaded.alphabet, tokenizer.alphabet)
        XCTAssertEqual(loaded.specialTokens, tokenizer.specialTokens)
        for line in try LineFile.readLines(atPath: ReferenceData.path("multi30k/valid.de")) {
            XCTAssertEqual(loaded.encode(line), tokenizer.encode(line))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        XCTAssertEqual(leftovers, ["multi30k.bpe.json"], "atomic save leaves no temporary file")
    }

    func testMalformedTokenizerFilesAreErrorsNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let garbage = try directory.write("garbage.json", text: "{ not json")
        XCTAssertThrowsError(try BPETokenizer(contentsOfFile: garbage)) { error in
            guard case let .malformed(path, _)? = error as? TextFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, garbage)
            XCTAssertTrue("\(error)".hasPrefix("\(garbage): malformed file"), "\(error)")
        }
        let valid = directory.url.appendingPathComponent("valid.json").path
        // Alphabet " ", "a", "b" (ids 4–6), then merges "ab" (7) and " ab" (8).
        try BPETrainer(vocabularySize: 20).train(lines: ["ab ab ab"]).save(toPath: valid)
        let text = try String(contentsOfFile: valid, encoding: .utf8)
        XCTAssertTrue(text.contains("\" ab\""), text)
        let tampered = try directory.write("tampered.json", text: text.replacingOccurrences(of: "\" ab\"", with: "\"xy\""))
        XCTAssertThrowsError(try BPETokenizer(contentsOfFile: tampered)) { error in
            XCTAssertEqual(error as? TextFileError,
                           .malformed(path: tampered, reason: "token 8 is not the concatenation of merge 1's pair"))
        }
        let missing = directory.url.appendingPathComponent("missing.json").path
        XCTAssertThrowsError(try BPETokenizer(contentsOfFile: missing)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(missing): cannot read file"), "\(error)")
        }
    }
}

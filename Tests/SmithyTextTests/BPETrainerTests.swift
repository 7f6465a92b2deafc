import XCTest
import SmithyText

final class BPETrainerTests: XCTestCase {
    func testMergesAreDeterministicAndIndependentOfLineOrder() throws {
        let lines = try LineFile.readLines(atPath: ReferenceData.path("multi30k/valid.en"))
        let trainer = BPETrainer(vocabularySize: 1500)
        let first = trainer.train(lines: lines)
        let second = trainer.train(lines: lines)
        let reversed = trainer.train(lines: lines.reversed())
        XCTAssertEqual(first.merges, second.merges)
        XCTAssertEqual(first.merges, reversed.merges)
        XCTAssertEqual(first.vocabulary, reversed.vocabulary)
        XCTAssertEqual(first.vocabularySize, 1500)
        // The first merges of English captions are frequent pairs such as " a" or "in".
        XCTAssertTrue(first.vocabulary.contains(" a") && first.vocabulary.contains(" the"))
    }

    func testTrainingStopsWhenNoPairIsFrequentEnough() {
        // Words "ab", " ab", "cd": only "a b" occurs twice; after it, " ab" and "c d" occur once.
        let tokenizer = BPETrainer(vocabularySize: 1000, minPairFrequency: 2).train(lines: ["ab ab", "cd"])
        XCTAssertEqual(Array(tokenizer.vocabulary[4...]), [" ", "a", "b", "c", "d", "ab"])
    }

    /// The textbook algorithm, which recounts every pair of every word before each merge (same tie rule as the
    /// trainer: highest count, then smallest id pair). The incremental trainer must learn exactly its merges.
    func recountingMerges(lines: [String], vocabularySize: Int, minPairFrequency: Int) -> [[Int]] {
        var counts: [[UInt32]: Int] = [:]
        for line in lines {
            for word in PreTokenizer.words(line) { counts[word.unicodeScalars.map(\.value), default: 0] += 1 }
        }
        let alphabet = Set(counts.keys.joined()).sorted()
        let firstID = 4
        let ids = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, firstID + $0) })
        var words = counts.map { (symbols: $0.key.map { ids[$0]! }, count: $0.value) }
        var merges: [[Int]] = []
        var nextID = firstID + alphabet.count
        while nextID < vocabularySize {
            var pairCounts: [[Int]: Int] = [:]
            for word in words where word.symbols.count > 1 {
                for position in 0..<(word.symbols.count - 1) {
                    pairCounts[[word.symbols[position], word.symbols[position + 1]], default: 0] += word.count
                }
            }
            guard let best = pairCounts.min(by: { $0.value != $1.value ? $0.value > $1.value
                                                   : $0.key.lexicographicallyPrecedes($1.key) }),
                  best.value >= minPairFrequency else { break }
            merges.append(best.key)
            for index in words.indices {
                var merged: [Int] = []
                var position = 0
                let symbols = words[index].symbols
                while position < symbols.count {
                    if position + 1 < symbols.count && [symbols[position], symbols[position + 1]] == best.key {
                        merged.append(nextID)
                        position += 2
                    } else {
                        merged.append(symbols[position])
                        position += 1
                    }
                }
                words[index].symbols = merged
            }
            nextID += 1
        }
        return merges
    }

    func testIncrementalTrainingLearnsTheRecountingMerges() throws {
        let lines = try LineFile.readLines(atPath: ReferenceData.path("multi30k/valid.de"))
            + ["aaaa aaa aa a", "abababab", "  spaces   and\ttabs  "]
        let trained = BPETrainer(vocabularySize: 900, minPairFrequency: 2).train(lines: lines)
        let expected = recountingMerges(lines: lines, vocabularySize: 900, minPairFrequency: 2)
        XCTAssertEqual(trained.merges.count, expected.count)
        XCTAssertEqual(trained.merges.map { [$0.left, $0.right] }, expected)
    }

    func testJointTrainingSharesOneTokenizerAndSeparateTrainingDoesNot() throws {
        let corpus = try ParallelCorpus(sourceLines: ["ein Hund", "eine Katze"], sourcePath: "s",
                                        targetLines: ["a dog", "a cat"], targetPath: "t")
        let joint = BPETrainer(vocabularySize: 40).train(corpus: corpus, joint: true)
        XCTAssertTrue(joint.source === joint.target)
        XCTAssertTrue(joint.source.alphabet.contains("K") && joint.source.alphabet.contains("g"))
        let separate = BPETrainer(vocabularySize: 40).train(corpus: corpus, joint: false)
        XCTAssertFalse(separate.source.alphabet.contains("g"))
        XCTAssertFalse(separate.target.alphabet.contains("K"))
    }
}

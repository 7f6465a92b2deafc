import XCTest
import SmithyText

final class TextFileTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testLinesSplitOnNewlineOnlyAndFinalNewlineEndsLastLine() throws {
        let path = try directory.write("a.txt", text: "one\ntwo\r\n\nfour\n")
        XCTAssertEqual(try LineFile.readLines(atPath: path), ["one", "two\r", "", "four"])
        let noFinalNewline = try directory.write("b.txt", text: "one\ntwo")
        XCTAssertEqual(try LineFile.readLines(atPath: noFinalNewline), ["one", "two"])
    }

    func testInvalidUTF8NamesFileAndLine() throws {
        let path = try directory.write("bad.de", bytes: Array("gut\nauch gut\n".utf8) + [0x62, 0xC3, 0x28, 0x0A])
        XCTAssertThrowsError(try LineFile.readLines(atPath: path)) { error in
            XCTAssertEqual(error as? TextFileError, .invalidUTF8(path: path, line: 3, byteOffset: 14))
            XCTAssertTrue("\(error)".hasPrefix("\(path):3: invalid UTF-8"), "\(error)")
        }
        let truncated = try directory.write("cut.de", bytes: Array("ok\n".utf8) + [0xE2, 0x82])
        XCTAssertThrowsError(try LineFile.readLines(atPath: truncated)) { error in
            XCTAssertEqual(error as? TextFileError, .invalidUTF8(path: truncated, line: 2, byteOffset: 3))
        }
    }

    func testEmptyAndMissingFilesAreErrorsNamingTheFile() throws {
        let empty = try directory.write("empty.en", bytes: [])
        XCTAssertThrowsError(try LineFile.readLines(atPath: empty)) { error in
            XCTAssertEqual(error as? TextFileError, .empty(path: empty))
        }
        let missing = directory.url.appendingPathComponent("missing.en").path
        XCTAssertThrowsError(try LineFile.readLines(atPath: missing)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(missing): cannot read file"), "\(error)")
        }
    }

    func testDifferentLineCountsNameBothFiles() throws {
        let source = try directory.write("train.de", text: "eins\nzwei\ndrei\n")
        let target = try directory.write("train.en", text: "one\ntwo\n")
        XCTAssertThrowsError(try ParallelCorpus(sourcePath: source, targetPath: target)) { error in
            XCTAssertEqual(error as? TextFileError, .lineCountMismatch(firstPath: source, firstLines: 3,
                                                                       secondPath: target, secondLines: 2))
            let message = "\(error)"
            XCTAssertTrue(message.contains(source) && message.contains(target), message)
            XCTAssertTrue(message.contains("line 3 of \(source)"), message)
        }
        let pairedTarget = try directory.write("ok.en", text: "one\ntwo\nthree\n")
        let corpus = try ParallelCorpus(sourcePath: source, targetPath: pairedTarget)
        XCTAssertEqual(corpus.count, 3)
        XCTAssertEqual(corpus.targetLines[2], "three")
    }
}

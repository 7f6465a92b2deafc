import Foundation
import SmithyText
import XCTest
import TranslationPipeline

/// Bad input gives an error naming the file (and line or key) and leaves no run directory behind.
final class BadInputTests: XCTestCase {
    private var task: TinyTranslationTask!

    override func setUpWithError() throws { task = try TinyTranslationTask() }
    override func tearDown() { task.remove() }

    private func assertRefused(_ request: TrainingRequest, mentions expected: [String], file: StaticString = #filePath,
                               line: UInt = #line) {
        XCTAssertThrowsError(try request.makeTrainer(log: { _ in }), file: file, line: line) { error in
            for text in expected { XCTAssertTrue("\(error)".contains(text), "'\(error)' should mention \(text)", file: file, line: line) }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: request.output), "nothing written for bad input", file: file, line: line)
    }

    func testDifferentLineCountsNameBothFilesAndTheLine() throws {
        var request = task.request(run: "run", epochs: 1)
        request.trainTarget = try TinyTranslationTask.write("ONE\nTWO\n", "short.tgt", in: task.directory)
        assertRefused(request, mentions: [request.trainSource, request.trainTarget, "line 3"])
    }

    func testEmptyFileIsNamed() throws {
        var request = task.request(run: "run", epochs: 1)
        request.validSource = try TinyTranslationTask.write("", "empty.src", in: task.directory)
        assertRefused(request, mentions: [request.validSource, "empty"])
    }

    func testInvalidUTF8NamesFileAndLine() throws {
        var request = task.request(run: "run", epochs: 1)
        let url = task.directory.appendingPathComponent("bad.src")
        try Data("ok line\nsecond\u{20}".utf8 + [0xFF, 0x0A]).write(to: url)
        request.trainSource = url.path
        assertRefused(request, mentions: [url.path + ":2", "UTF-8"])
    }

    func testUnknownConfigurationKeyIsNamed() throws {
        var request = task.request(run: "run", epochs: 1)
        request.configFile = try TinyTranslationTask.write("[model]\nmodel_dim = 8\n", "typo.toml", in: task.directory)
        assertRefused(request, mentions: [request.configFile!, "model.model_dim", "unknown key"])
    }

    func testWrongValueKindAndRangeAreNamed() throws {
        let kind = try TinyTranslationTask.write("[training]\nepochs = \"three\"\n", "kind.toml", in: task.directory)
        XCTAssertThrowsError(try TranslationConfiguration.load(tomlFile: kind)) { error in
            XCTAssertTrue("\(error)".contains("training.epochs") && "\(error)".contains("integer"), "\(error)")
        }
        let range = try TinyTranslationTask.write("[model.positional.rotary]\nconvention = \"sideways\"\n", "range.toml", in: task.directory)
        XCTAssertThrowsError(try TranslationConfiguration.load(tomlFile: range)) { error in
            XCTAssertTrue("\(error)".contains("model.positional.rotary.convention") && "\(error)".contains("halfSplit"), "\(error)")
        }
    }

    func testDecodingRefusesMissingTokenizerAndVocabularyMismatch() throws {
        let trainer = try task.request(run: "run", epochs: 1).makeTrainer(log: { _ in })
        trainer.showsProgress = false
        trainer.log = { _ in }
        try trainer.fit(resume: false)
        let run = trainer.run
        let other = BPETrainer(vocabularySize: 40).train(lines: ["completely different text"])
        try other.save(toPath: run.tokenizer.path)
        XCTAssertThrowsError(try TranslationModelFile.loadModel(run: run, tokenizers: TranslationTokenizers(run: run))) { error in
            XCTAssertTrue("\(error)".contains("vocabulary mismatch") && "\(error)".contains(run.tokenizer.path), "\(error)")
        }
        try FileManager.default.removeItem(at: run.tokenizer)
        XCTAssertThrowsError(try TranslationTokenizers(run: run)) { error in
            XCTAssertTrue("\(error)".contains("tokenizer.json"), "\(error)")
        }
    }
}

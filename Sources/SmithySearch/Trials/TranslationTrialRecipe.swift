import Foundation
import SmithyPipeline
import TranslationPipeline

/// Translation trials: one shared BPE tokenizer trained into the search folder (or the one the
/// space names), then per trial `smithy translate train --config trial.toml --tokenizer ...`.
///
/// `[search.data]`: `train_source`, `train_target`, `valid_source`, `valid_target` (files),
/// optional `train_pairs` (first N pairs), `tokenizer` (an existing joint tokenizer) or
/// `vocabulary_size` (for the shared one, default 8000).
struct TranslationTrialRecipe: TrialRecipe {
    let data: TOMLTableReader
    let files: [String: String]
    let trainPairs: Int?
    let tokenizer: String?
    let vocabularySize: Int

    init(data: TOMLTableReader) throws {
        self.data = data
        let fileKeys = ["train_source", "train_target", "valid_source", "valid_target"]
        try data.rejectUnknownKeys(fileKeys + ["train_pairs", "tokenizer", "vocabulary_size"])
        var files: [String: String] = [:]
        for key in fileKeys {
            guard let path = try data.string(key) else { throw data.error(key, "required: a text file, one sentence a line") }
            files[key] = path
        }
        self.files = files
        trainPairs = try data.integer("train_pairs")
        if let trainPairs, trainPairs < 1 { throw data.error("train_pairs", "expected an integer ≥ 1, found \(trainPairs)") }
        tokenizer = try data.string("tokenizer")
        vocabularySize = try data.integer("vocabulary_size") ?? 8000
        guard vocabularySize >= 1 else { throw data.error("vocabulary_size", "expected an integer ≥ 1") }
    }

    func checkData() throws {
        for (key, path) in files.sorted(by: { $0.key < $1.key }) + (tokenizer.map { [("tokenizer", $0)] } ?? [])
        where !FileManager.default.isReadableFile(atPath: path) {
            throw data.error(key, "'\(path)' does not exist or cannot be read")
        }
    }

    func preparation(searchDirectory: String) -> [(arguments: [String], output: String)] {
        guard tokenizer == nil else { return [] }
        let output = sharedTokenizer(searchDirectory)
        return [(["translate", "tokenizer-train", "--source", files["train_source"]!, "--target", files["train_target"]!,
                  "--vocab-size", String(vocabularySize), "--output", output], output)]
    }

    var configurationCheckNeedsPreparation: Bool { false }

    func checkConfiguration(_ configuration: TOMLTable, file: String, searchDirectory: String) throws {
        _ = try TranslationConfiguration.parse(configuration, file: file)
    }

    func commands(configurationFile: String, trialDirectory: String, searchDirectory: String, threads: Int, epochs: Int?) -> [[String]] {
        var arguments = ["translate", "train", "--train-source", files["train_source"]!, "--train-target", files["train_target"]!,
                         "--valid-source", files["valid_source"]!, "--valid-target", files["valid_target"]!,
                         "--output", run(trialDirectory), "--config", configurationFile,
                         "--tokenizer", tokenizer ?? sharedTokenizer(searchDirectory), "--threads", String(threads), "--fresh"]
        if let trainPairs { arguments += ["--train-pairs", String(trainPairs)] }
        if let epochs { arguments += ["--epochs", String(epochs)] }
        return [arguments]
    }

    func metricsFile(trialDirectory: String) -> String { (run(trialDirectory) as NSString).appendingPathComponent("metrics.csv") }

    private func run(_ trialDirectory: String) -> String { (trialDirectory as NSString).appendingPathComponent("run") }
    private func sharedTokenizer(_ searchDirectory: String) -> String { (searchDirectory as NSString).appendingPathComponent("tokenizer.json") }
}

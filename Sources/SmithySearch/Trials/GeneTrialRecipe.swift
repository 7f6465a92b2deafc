import Foundation
import GenePipeline
import SingleCell
import SmithyPipeline

/// Gene-classifier trials: the counts are rank-encoded once into the search folder (or the space
/// names a tokenized dataset), then per trial `smithy pretrain --config trial.toml` (the searched
/// architecture and pretraining settings) and `smithy finetune` on that model; the objective is the
/// fine-tuning run's validation metric. `--epochs` sets the fine-tuning epochs.
///
/// `[search.data]`: `counts` (an .h5ad, .loom or 10x .h5 file to rank-encode with Geneformer v1) or
/// `dataset` (a tokenized dataset), `label_column` (default "cell_type"), `dictionaries` (default
/// "reference/geneformer"), `finetune` (extra `smithy finetune` arguments, e.g. ["--learning-rate", "1e-3"]).
struct GeneTrialRecipe: TrialRecipe {
    let data: TOMLTableReader
    let counts: String?
    let dataset: String?
    let labelColumn: String
    let dictionaries: String
    let finetuneArguments: [String]

    init(data: TOMLTableReader) throws {
        self.data = data
        try data.rejectUnknownKeys(["counts", "dataset", "label_column", "dictionaries", "finetune"])
        counts = try data.string("counts")
        dataset = try data.string("dataset")
        guard (counts == nil) != (dataset == nil) else {
            throw data.error("counts", "expected exactly one of 'counts' (cells to rank-encode) or 'dataset' (a tokenized dataset)")
        }
        labelColumn = try data.string("label_column") ?? "cell_type"
        dictionaries = try data.string("dictionaries") ?? "reference/geneformer"
        let extra = data.table["finetune"]?.array ?? []
        guard data.table["finetune"] == nil || data.table["finetune"]?.array != nil, extra.allSatisfy({ $0.string != nil }) else {
            throw data.error("finetune", "expected an array of strings (extra `smithy finetune` arguments)")
        }
        finetuneArguments = extra.compactMap(\.string)
    }

    func checkData() throws {
        for (key, path) in [("counts", counts), ("dataset", dataset), ("dictionaries", dictionaries)] {
            if let path, !FileManager.default.fileExists(atPath: path) { throw data.error(key, "'\(path)' does not exist") }
        }
    }

    func preparation(searchDirectory: String) -> [(arguments: [String], output: String)] {
        guard let counts else { return [] }
        let output = tokenized(searchDirectory)
        return [(["rank-encode", counts, "--output", output, "--model-version", "v1", "--dictionaries", dictionaries,
                  "--label-column", labelColumn], output)]
    }

    var configurationCheckNeedsPreparation: Bool { true }

    func checkConfiguration(_ configuration: TOMLTable, file: String, searchDirectory: String) throws {
        let dataset = try TokenizedDataset(path: tokenized(searchDirectory))
        let vocabulary = try GeneVocabulary(dataset: dataset, dictionaryDirectory: dictionaries)
        let parsed = try PretrainingConfiguration.parse(configuration, file: file, vocabulary: vocabulary)
        try parsed.validate(file: file)
    }

    func commands(configurationFile: String, trialDirectory: String, searchDirectory: String, threads: Int, epochs: Int?) -> [[String]] {
        let pretrained = (trialDirectory as NSString).appendingPathComponent("pretrain")
        let common = ["--data", tokenized(searchDirectory), "--dictionaries", dictionaries, "--threads", String(threads)]
        return [["pretrain", "--config", configurationFile, "--output", pretrained] + common,
                ["finetune", "--pretrained", pretrained, "--label-column", labelColumn, "--output", finetuned(trialDirectory)]
                    + common + finetuneArguments + (epochs.map { ["--epochs", String($0)] } ?? [])]
    }

    func metricsFile(trialDirectory: String) -> String { (finetuned(trialDirectory) as NSString).appendingPathComponent("metrics.csv") }

    private func finetuned(_ trialDirectory: String) -> String { (trialDirectory as NSString).appendingPathComponent("finetune") }
    private func tokenized(_ searchDirectory: String) -> String { dataset ?? (searchDirectory as NSString).appendingPathComponent("cells.h5") }
}

import ArgumentParser

/// The `smithy` command: one entry point for every pipeline stage.
@main
struct Smithy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smithy",
        abstract: "AttentionSmithy for Swift: modular transformers and the gene and translation pipelines.",
        subcommands: [
            // Keep one subcommand per line: parallel work adds lines here.
            Bench.self,
            RunCommand.self,
            Bleu.self,
            TranslateCommand.self,
            RankEncodeCommand.self,
            DatasetCommand.self,
            PretrainCommand.self,
            FinetuneCommand.self,
            PredictCommand.self,
            EmbedCommand.self,
            SearchCommand.self,
        ])

    static func main() {
        OpenBLASThreadTimeout.shortenSpinning()
        main(nil)
    }
}

import ArgumentParser

/// `smithy translate`: the translation pipeline's stages.
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translation pipeline: subword tokenizer training (model stages plug in here).",
        subcommands: [TranslateTokenizerTrainCommand.self])
}

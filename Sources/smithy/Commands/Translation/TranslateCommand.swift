import ArgumentParser

/// `smithy translate`: the translation pipeline's stages.
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translation pipeline: tokenizer training, model training, decoding.",
        subcommands: [
            TranslateTokenizerTrainCommand.self,
            TranslateTrainCommand.self,
            TranslateDecodeCommand.self,
        ])
}

/// How `smithy translate train` learns its BPE tokenizer when it is not given one.
public struct TokenizerSettings: Codable, Equatable, Sendable {
    /// Vocabulary size, special tokens and characters included.
    public var vocabularySize: Int
    /// One vocabulary learned from both languages (`RUN/tokenizer.json`); otherwise the source one is
    /// `RUN/tokenizer.json` and the target one `RUN/target-tokenizer.json`.
    public var joint: Bool
    /// Character pairs seen fewer times are never merged.
    public var minFrequency: Int

    public init(vocabularySize: Int = 8000, joint: Bool = true, minFrequency: Int = 2) {
        self.vocabularySize = vocabularySize
        self.joint = joint
        self.minFrequency = minFrequency
    }
}

/// The reserved tokens, which always take ids 0–3 in this order: padding, sentence start, sentence end, unknown.
///
/// Text is never parsed for them: the characters `<s>` in input text encode as ordinary text.
public struct SpecialTokens: Codable, Equatable, Sendable {
    public static let padID = 0
    public static let bosID = 1
    public static let eosID = 2
    public static let unkID = 3

    public var pad: String
    public var bos: String
    public var eos: String
    public var unk: String

    public init(pad: String = "<pad>", bos: String = "<s>", eos: String = "</s>", unk: String = "<unk>") {
        self.pad = pad
        self.bos = bos
        self.eos = eos
        self.unk = unk
    }

    /// The token texts in id order.
    public var all: [String] { [pad, bos, eos, unk] }
}

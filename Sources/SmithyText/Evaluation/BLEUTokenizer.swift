/// The word tokenizers sacreBLEU applies before counting n-grams.
public enum BLEUTokenizer: String, CaseIterable, Sendable {
    /// `13a`: mteval-v13a.pl, sacreBLEU's default (entity unescaping, ASCII punctuation, digit-aware `.`/`,`/`-`).
    case thirteenA = "13a"
    /// `intl`: mteval-v14 international (Unicode punctuation and symbol categories).
    case intl
    /// `none`: the text is only split on whitespace.
    case none

    /// The name used on the command line and in the signature (`tok:13a`).
    public var signature: String { rawValue }

    /// The tokenized line (tokens separated by single spaces for `13a`/`intl`).
    func tokenize(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        switch self {
        case .thirteenA: return Tokenizer13a.tokenize(line)
        case .intl: return TokenizerIntl.tokenize(line)
        case .none: return line
        }
    }
}

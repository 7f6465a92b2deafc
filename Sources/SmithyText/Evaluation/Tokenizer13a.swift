/// sacreBLEU's `13a` tokenizer (`tokenizer_13a.py` + `tokenizer_re.py`), the mteval-v13a.pl tokenization.
enum Tokenizer13a {
    private static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }
    private static let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }

    /// `[\{-\~\[-\` -\&\(-\+\:-\@\/]`: ASCII punctuation except `'`, `,`, `-`, `.`, plus the space.
    private static func isIsolatedPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: return true
        default: return false
        }
    }

    private static let rules: [SpacingRule] = [
        SpacingRule(pattern: .isolate(isIsolatedPunctuation)),
        // period and comma unless preceded by a digit: ([^0-9])([\.,]) → \1 \2
        SpacingRule(pattern: .separate({ !isDigit($0) }, { $0 == "." || $0 == "," }, spaceBefore: false)),
        // period and comma unless followed by a digit: ([\.,])([^0-9]) →  \1 \2
        SpacingRule(pattern: .separate({ $0 == "." || $0 == "," }, { !isDigit($0) }, spaceBefore: true)),
        // dash when preceded by a digit: ([0-9])(-) → \1 \2
        SpacingRule(pattern: .separate(isDigit, { $0 == "-" }, spaceBefore: false)),
    ]

    private static let entities: [(escaped: [Unicode.Scalar], plain: [Unicode.Scalar])] = [
        ("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"),
    ].map { (scalars($0.0), scalars($0.1)) }

    static func tokenize(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = PythonText.replacing(scalars("<skipped>"), with: [], in: line)
        text = PythonText.replacing(scalars("-\n"), with: [], in: text)
        text = PythonText.replacing(["\n"], with: [" "], in: text)
        if text.contains("&") {
            for entity in entities {
                text = PythonText.replacing(entity.escaped, with: entity.plain, in: text)
            }
        }
        text = [" "] + text + [" "]
        for rule in rules { text = rule.apply(to: text) }
        return PythonText.normalizeWhitespace(text)
    }
}

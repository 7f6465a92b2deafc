/// sacreBLEU's `intl` tokenizer (`tokenizer_intl.py`, mteval-v14 international): splits off Unicode punctuation
/// (`\p{P}`) unless it sits between digits, and every symbol (`\p{S}`).
enum TokenizerIntl {
    private static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    private static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    private static let rules: [SpacingRule] = [
        // (\P{N})(\p{P}) → \1 \2
        SpacingRule(pattern: .separate({ !isNumber($0) }, isPunctuation, spaceBefore: false)),
        // (\p{P})(\P{N}) →  \1 \2
        SpacingRule(pattern: .separate(isPunctuation, { !isNumber($0) }, spaceBefore: true)),
        // (\p{S}) →  \1
        SpacingRule(pattern: .isolate(isSymbol)),
    ]

    static func tokenize(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = line
        for rule in rules { text = rule.apply(to: text) }
        return PythonText.normalizeWhitespace(text)
    }
}

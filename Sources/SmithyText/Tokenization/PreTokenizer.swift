/// Splits text into the words BPE works within, so that the words concatenate back to the text exactly.
///
/// A word is a maximal run of one character class (letters, numbers, or other non-space characters such as
/// punctuation, symbols and emoji), with combining marks, zero-width joiners and variation selectors kept with
/// the run they follow. A single space (U+0020) directly before a run belongs to that word, as its first
/// character: this is the "preceded by a space" marker (GPT-2's `Ġ`, SentencePiece's `▁`), kept as the space
/// itself so decoding is plain concatenation. Every other whitespace (more spaces, tabs, no-break spaces,
/// trailing spaces) forms words of its own, so any text is covered exactly, including unusual whitespace.
public enum PreTokenizer {
    enum ScalarClass { case letter, number, whitespace, other, continuation }

    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar.value {
        case 0x61...0x7A, 0x41...0x5A: return .letter
        case 0x30...0x39: return .number
        case 0x20, 0x09...0x0D: return .whitespace
        case 0x21...0x7E: return .other
        case 0x200D, 0xFE00...0xFE0F: return .continuation
        default: break
        }
        if scalar.properties.isWhitespace { return .whitespace }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        case .nonspacingMark, .spacingMark, .enclosingMark: return .continuation
        default: return .other
        }
    }

    /// The words of `text` in order; `words(text).joined() == text`, scalar for scalar.
    public static func words(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var words: [Substring] = []
        var index = scalars.startIndex

        /// The end of the non-space run starting at `start`.
        func endOfRun(from start: String.Index) -> String.Index {
            var runClass = classify(scalars[start])
            if runClass == .continuation { runClass = .letter }
            var end = scalars.index(after: start)
            while end < scalars.endIndex {
                let nextClass = classify(scalars[end])
                guard nextClass == runClass || nextClass == .continuation else { break }
                end = scalars.index(after: end)
            }
            return end
        }

        while index < scalars.endIndex {
            guard classify(scalars[index]) == .whitespace else {
                let end = endOfRun(from: index)
                words.append(Substring(scalars[index..<end]))
                index = end
                continue
            }
            var runEnd = index, lastWhitespace = index
            while runEnd < scalars.endIndex && classify(scalars[runEnd]) == .whitespace {
                lastWhitespace = runEnd
                runEnd = scalars.index(after: runEnd)
            }
            if runEnd < scalars.endIndex && scalars[lastWhitespace] == " " {
                if lastWhitespace > index { words.append(Substring(scalars[index..<lastWhitespace])) }
                let end = endOfRun(from: runEnd)
                words.append(Substring(scalars[lastWhitespace..<end]))
                index = end
            } else {
                words.append(Substring(scalars[index..<runEnd]))
                index = runEnd
            }
        }
        return words
    }
}

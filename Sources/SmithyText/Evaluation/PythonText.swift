/// The Python `str` operations sacreBLEU relies on, on Unicode scalars (Python strings are code-point
/// sequences; Swift `String` equality would merge canonically equivalent text, which Python does not).
enum PythonText {
    /// Python's `str.isspace()` for one code point (bidi class WS/B/S or category Zs).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `str.split()` with no separator: runs of whitespace separate, empty pieces are dropped.
    static func split(_ text: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex && isWhitespace(text[index]) { index += 1 }
            let start = index
            while index < text.endIndex && !isWhitespace(text[index]) { index += 1 }
            if start < index { pieces.append(text[start..<index]) }
        }
        return pieces
    }

    /// Python's `' '.join(text.split())`.
    static func normalizeWhitespace(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var joined: [Unicode.Scalar] = []
        joined.reserveCapacity(text.count)
        for piece in split(text) {
            if !joined.isEmpty { joined.append(" ") }
            joined.append(contentsOf: piece)
        }
        return joined
    }

    /// Python's `str.rstrip()` with no argument.
    static func strippingTrailingWhitespace(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var end = text.endIndex
        while end > text.startIndex && isWhitespace(text[end - 1]) { end -= 1 }
        return Array(text[..<end])
    }

    /// Python's `str.lower()`: full lowercase mappings, and capital sigma becomes final sigma (ς) when it ends
    /// a cased word (`\p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})`), as CPython does.
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var lowered: [Unicode.Scalar] = []
        lowered.reserveCapacity(text.count)
        for (index, scalar) in text.enumerated() {
            if scalar.value == 0x3A3 {
                lowered.append(isFinalSigma(in: text, at: index) ? "\u{3C2}" : "\u{3C3}")
            } else {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return lowered
    }

    private static func isFinalSigma(in text: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && text[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0 && text[before].properties.isCased else { return false }
        var after = index + 1
        while after < text.count && text[after].properties.isCaseIgnorable { after += 1 }
        return after == text.count || !text[after].properties.isCased
    }

    /// Python's `str.replace(old, new)`: non-overlapping occurrences, left to right.
    static func replacing(_ old: [Unicode.Scalar], with new: [Unicode.Scalar],
                          in text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !old.isEmpty, text.count >= old.count else { return text }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if index + old.count <= text.count && text[index..<(index + old.count)].elementsEqual(old) {
                result.append(contentsOf: new)
                index += old.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}

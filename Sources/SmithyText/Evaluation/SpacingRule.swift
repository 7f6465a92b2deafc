/// One regular-expression substitution of the sacreBLEU tokenizers, done as Python's `re.sub` does it:
/// scanning left to right over code points, non-overlapping, resuming after each match.
///
/// Every sacreBLEU rule matches one character class (`(X)` → ` \1 `) or two adjacent classes
/// (`(X)(Y)` → `\1 \2 ` or ` \1 \2`), so each rule is a predicate pair plus where the spaces go.
struct SpacingRule {
    enum Pattern {
        /// `(X)` → ` \1 `
        case isolate((Unicode.Scalar) -> Bool)
        /// `(X)(Y)` → `\1 \2 ` (`spaceBefore == false`) or ` \1 \2` (`spaceBefore == true`).
        case separate((Unicode.Scalar) -> Bool, (Unicode.Scalar) -> Bool, spaceBefore: Bool)
    }

    let pattern: Pattern

    func apply(to text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count + text.count / 2)
        var index = 0
        switch pattern {
        case let .isolate(matches):
            for scalar in text {
                if matches(scalar) {
                    result.append(" ")
                    result.append(scalar)
                    result.append(" ")
                } else {
                    result.append(scalar)
                }
            }
        case let .separate(first, second, spaceBefore):
            while index < text.count {
                if index + 1 < text.count && first(text[index]) && second(text[index + 1]) {
                    if spaceBefore { result.append(" ") }
                    result.append(text[index])
                    result.append(" ")
                    result.append(text[index + 1])
                    if !spaceBefore { result.append(" ") }
                    index += 2
                } else {
                    result.append(text[index])
                    index += 1
                }
            }
        }
        return result
    }
}

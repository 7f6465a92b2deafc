/// A string compared and hashed by its exact Unicode scalars (UTF-8 bytes).
///
/// Swift's `String` equality treats canonically equivalent text as equal (`"é" == "e\u{301}"`); a tokenizer
/// must not, or two different spellings would share one token and decoding would not reproduce the input.
struct ExactText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }
    init(_ text: Substring) { self.text = String(text) }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

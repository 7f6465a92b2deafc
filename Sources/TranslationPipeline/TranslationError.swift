/// A problem with the user's input to the translation pipeline (a file, a configuration key, a run
/// directory), naming the file and, where there is one, the line or key, and what was expected.
public struct TranslationError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

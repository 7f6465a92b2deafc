/// A search that cannot start or go on: a bad space file, a bad option or an output folder in the
/// wrong state. The message names the file, the parameter or key, and what was expected.
public struct SearchError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// A Hugging Face BERT directory that cannot be read or a model that cannot be written as one;
/// every problem is listed (missing tensors with their expected shape, mis-shaped tensors with
/// both shapes, unsupported configuration values).
public struct HuggingFaceBERTError: Error, CustomStringConvertible {
    /// The directory being read or written.
    public let directory: String
    public let problems: [String]

    public var description: String {
        "\(directory): " + problems.prefix(10).joined(separator: "; ")
            + (problems.count > 10 ? "; and \(problems.count - 10) more" : "")
    }
}

/// One validation sentence with its reference and the model's translation, for the report.
public struct TranslationExample: Equatable {
    public var source: String
    public var reference: String
    public var hypothesis: String

    public init(source: String, reference: String, hypothesis: String) {
        self.source = source
        self.reference = reference
        self.hypothesis = hypothesis
    }
}

import SmithyPipeline

/// A parameter exists in a trial only while another parameter has one of some values.
public struct ParameterCondition: Equatable, Sendable {
    /// The name of the parameter this one depends on (declared earlier in the space file).
    public let parent: String
    /// The parent's values that switch this parameter on.
    public let values: [TOMLValue]

    public init(parent: String, values: [TOMLValue]) {
        self.parent = parent
        self.values = values
    }
}

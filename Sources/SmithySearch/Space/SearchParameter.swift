import SmithyPipeline

/// One dimension of a search space: a named value written into the trial's configuration at a dotted option path.
public struct SearchParameter: Equatable, Sendable {
    /// The parameter's name (its `[parameters.NAME]` table; a trials.csv column).
    public let name: String
    /// The dotted key of the pipeline configuration the value replaces (`model.positional.rotary`).
    public let option: String
    public let domain: ParameterDomain
    /// When present, the parameter exists only while the condition holds.
    public let condition: ParameterCondition?

    public init(name: String, option: String, domain: ParameterDomain, condition: ParameterCondition? = nil) {
        self.name = name
        self.option = option
        self.domain = domain
        self.condition = condition
    }

    /// The option's path components.
    public var optionPath: [String] { option.split(separator: ".").map(String.init) }
}

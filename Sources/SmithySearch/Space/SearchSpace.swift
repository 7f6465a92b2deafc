import Foundation
import SmithyPipeline

/// A search-space file: which pipeline trains the trials, the objective, the base configuration
/// every trial starts from, the pipeline's data, the sampler and pruning settings, and the
/// parameters (see docs/search.md for the format).
public struct SearchSpace: Sendable {
    /// The space file, for errors.
    public let file: String
    /// The file's text as read (a search's output folder keeps a copy; `--resume` compares them).
    public let text: String
    public let pipeline: SearchPipelineKind
    public var objective: SearchObjective
    /// The pipeline configuration file each trial's configuration is built from.
    public let baseConfiguration: String
    /// Quasi-random trials before the model-based sampler takes over.
    public let startupTrials: Int
    public let pruning: PruningSettings
    /// The `[search.data]` table: the pipeline's inputs (checked by the pipeline's trial recipe).
    public let data: TOMLTableReader
    /// In declaration order; a condition refers to an earlier parameter.
    public let parameters: [SearchParameter]

    /// Reads and checks the space file at `path`.
    /// - Throws: `TOMLError` or `SearchError` naming the file, the key or parameter, and what was expected.
    public static func load(_ path: String) throws -> SearchSpace {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SearchError("\(path): cannot be read as UTF-8 text")
        }
        return try SearchSpace(text: text, file: path)
    }

    /// Parses and checks a space file's `text`; `file` names it in errors.
    public init(text: String, file: String) throws {
        self.file = file
        self.text = text
        let root = TOMLTableReader(try TOMLParser.parse(text, file: file), file: file)
        try root.rejectUnknownKeys(["search", "parameters"])
        guard let search = try root.table("search") else { throw root.error("search", "the [search] table is required") }
        try search.rejectUnknownKeys(["pipeline", "objective", "direction", "base_config", "startup_trials", "data", "pruning"])

        guard let pipeline = try search.choice("pipeline", of: SearchPipelineKind.allCases) else {
            throw search.error("pipeline", "required: one of \(SearchPipelineKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        self.pipeline = pipeline
        guard let objectiveName = try search.string("objective") else {
            throw search.error("objective", "required: one of \(Self.objectiveNames(pipeline))")
        }
        guard let objective = SearchObjective.named(objectiveName, pipeline: pipeline) else {
            throw search.error("objective", "'\(objectiveName)' is not an objective of the \(pipeline.rawValue) pipeline (expected one of \(Self.objectiveNames(pipeline)))")
        }
        let direction = objective.maximize ? "maximize" : "minimize"
        switch try search.string("direction") {
        case direction?: break
        case let other?: throw search.error("direction", "\"\(other)\" contradicts objective '\(objectiveName)', which is \(direction)d (expected \"\(direction)\")")
        case nil: throw search.error("direction", "required: \"\(direction)\" for objective '\(objectiveName)'")
        }
        self.objective = objective
        guard let base = try search.string("base_config") else { throw search.error("base_config", "required: the pipeline configuration file each trial starts from") }
        baseConfiguration = base
        startupTrials = try search.integer("startup_trials") ?? 8
        guard startupTrials >= 1 else { throw search.error("startup_trials", "expected an integer ≥ 1, found \(startupTrials)") }
        pruning = try PruningSettings(try search.table("pruning") ?? TOMLTableReader(TOMLTable(), file: file, name: "search.pruning"),
                                      defaultWarmup: startupTrials)
        data = try search.table("data") ?? TOMLTableReader(TOMLTable(), file: file, name: "search.data")

        guard let parameterTable = try root.table("parameters"), !parameterTable.table.keys.isEmpty else {
            throw root.error("parameters", "at least one [parameters.NAME] table is required")
        }
        var parameters: [SearchParameter] = []
        for name in parameterTable.table.keys {
            guard let table = try parameterTable.table(name) else { continue }
            parameters.append(try Self.parameter(name, table, declaredBefore: parameters))
        }
        self.parameters = parameters
    }

    /// The objective names of `pipeline`, quoted, for messages.
    static func objectiveNames(_ pipeline: SearchPipelineKind) -> String {
        SearchObjective.known(for: pipeline).map { "\"\($0.name)\"" }.joined(separator: ", ")
    }

    private static func parameter(_ name: String, _ table: TOMLTableReader, declaredBefore earlier: [SearchParameter]) throws -> SearchParameter {
        try table.rejectUnknownKeys(["option", "type", "choices", "low", "high", "log", "step", "condition"])
        guard let option = try table.string("option"), !option.isEmpty else {
            throw table.error("option", "required: the dotted configuration key this parameter sets (e.g. \"model.dropout\")")
        }
        if let clash = earlier.first(where: { $0.option == option }) {
            throw table.error("option", "'\(option)' is already set by parameter '\(clash.name)'")
        }
        let type = try table.string("type")
        let domain: ParameterDomain
        switch type {
        case "bool"?:
            try table.rejectUnknownKeys(["option", "type", "condition"])
            domain = .boolean
        case "categorical"?:
            try table.rejectUnknownKeys(["option", "type", "choices", "condition"])
            guard let choices = table.table["choices"]?.array else { throw table.error("choices", "required: a non-empty array of values") }
            guard !choices.isEmpty else { throw table.error("choices", "empty: a categorical parameter needs at least one choice") }
            for choice in choices where choice.table != nil || choice.array != nil {
                throw table.error("choices", "expected strings, numbers or booleans, found \(choice.kind)")
            }
            guard Set(choices.map(TOMLWriter.literal)).count == choices.count else { throw table.error("choices", "lists a value twice") }
            domain = .categorical(choices)
        case "int"?:
            guard let low = try table.integer("low"), let high = try table.integer("high") else {
                throw table.error(try table.integer("low") == nil ? "low" : "high", "required: an integer bound")
            }
            let step = try table.integer("step") ?? 1
            let logScale = try table.boolean("log") ?? false
            guard step >= 1 else { throw table.error("step", "expected an integer ≥ 1, found \(step)") }
            try checkRange(table, low: Double(low), high: Double(high), logScale: logScale)
            if logScale && step != 1 { throw table.error("step", "a log-scale integer cannot have a step") }
            domain = .integer(low: low, high: high, step: step, logScale: logScale)
        case "float"?:
            guard let low = try table.number("low"), let high = try table.number("high") else {
                throw table.error(try table.number("low") == nil ? "low" : "high", "required: a numeric bound")
            }
            let step = try table.number("step")
            let logScale = try table.boolean("log") ?? false
            if let step, !(step > 0) { throw table.error("step", "expected a positive number, found \(step)") }
            if logScale && step != nil { throw table.error("step", "a log-scale float cannot have a step") }
            try checkRange(table, low: low, high: high, logScale: logScale)
            domain = .float(low: low, high: high, step: step, logScale: logScale)
        case let other:
            throw table.error("type", "expected \"bool\", \"categorical\", \"int\" or \"float\"\(other.map { ", found \"\($0)\"" } ?? " (required)")")
        }
        return SearchParameter(name: name, option: option, domain: domain,
                               condition: try condition(table, declaredBefore: earlier))
    }

    private static func checkRange(_ table: TOMLTableReader, low: Double, high: Double, logScale: Bool) throws {
        guard low.isFinite && high.isFinite else { throw table.error("low", "bounds must be finite numbers") }
        guard low < high else {
            throw table.error("high", "empty or contradictory range: low \(low) must be less than high \(high)")
        }
        if logScale && low <= 0 { throw table.error("low", "a log-scale range needs low > 0, found \(low)") }
    }

    private static func condition(_ table: TOMLTableReader, declaredBefore earlier: [SearchParameter]) throws -> ParameterCondition? {
        guard let condition = try table.table("condition") else { return nil }
        try condition.rejectUnknownKeys(["parameter", "equals", "in"])
        guard let parentName = try condition.string("parameter") else {
            throw condition.error("parameter", "required: the name of the parameter this one depends on")
        }
        guard let parent = earlier.first(where: { $0.name == parentName }) else {
            throw condition.error("parameter", "no parameter '\(parentName)' is declared before this one "
                                  + "(declared so far: \(earlier.isEmpty ? "none" : earlier.map(\.name).joined(separator: ", ")))")
        }
        let values: [TOMLValue]
        switch (condition.table["equals"], condition.table["in"]) {
        case (let value?, nil): values = [value]
        case (nil, .array(let list)?) where !list.isEmpty: values = list
        default: throw condition.error("equals", "expected exactly one of 'equals = VALUE' or 'in = [VALUES]' (non-empty)")
        }
        for value in values where !parent.domain.contains(value) {
            throw condition.error(condition.table["equals"] != nil ? "equals" : "in",
                                  "\(TOMLWriter.literal(value)) is not a value of parameter '\(parentName)'")
        }
        return ParameterCondition(parent: parentName, values: values)
    }
}

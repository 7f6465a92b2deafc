import Foundation

/// A pipeline file: stages that each run one `smithy` subcommand, with declared inputs and outputs.
///
/// ```toml
/// [pipeline]
/// name = "geneformer-demo"
///
/// [variables]                 # ${name} is replaced in every string below
/// run = "runs/geneformer-demo"
/// epochs = 3
///
/// [profiles.quick.variables]  # `smithy run FILE --profile quick` overrides variables
/// epochs = 1
///
/// [[stage]]
/// name = "rank-encode"
/// command = ["rank-encode"]          # the subcommand words
/// arguments = ["reference/pbmc68k/pbmc68k_counts.h5ad"]
/// inputs = ["reference/pbmc68k/pbmc68k_counts.h5ad"]
/// outputs = ["${run}/cells.dataset.h5"]
/// [stage.options]                    # --key value; arrays repeat the flag; true is a bare flag
/// output = "${run}/cells.dataset.h5"
/// label-column = ["cell_type"]
/// ```
public struct PipelineDefinition {
    /// One step of the pipeline.
    public struct Stage: Equatable {
        public let name: String
        /// The full `smithy` argument list: command words, positional arguments, then options.
        public let arguments: [String]
        /// Files the stage reads; a stage reruns when one is newer than its outputs.
        public let inputs: [String]
        /// Files or directories the stage produces.
        public let outputs: [String]
    }

    public let name: String
    public let file: String
    public let stages: [Stage]
    /// The variable values in force (after profile and command-line overrides).
    public let variables: [String: String]

    /// Loads `path`, applying `profile`'s variables and then `overrides` (name → value).
    public static func load(_ path: String, profile: String? = nil, overrides: [String: String] = [:]) throws -> PipelineDefinition {
        let document = try TOMLParser.parse(contentsOf: path)
        func fail(_ message: String) -> PipelineError { PipelineError(description: "\(path): \(message)") }

        var variables: [String: String] = [:]
        if let table = document["variables"]?.table { variables = try scalarStrings(table, at: "variables", fail) }
        if let profile {
            guard let table = document["profiles"]?.table?[profile]?.table?["variables"]?.table else {
                let known = document["profiles"]?.table?.keys.joined(separator: ", ") ?? "none"
                throw fail("no profile '\(profile)' (profiles: \(known))")
            }
            variables.merge(try scalarStrings(table, at: "profiles.\(profile).variables", fail)) { $1 }
        }
        for (key, value) in overrides {
            guard variables[key] != nil else {
                throw fail("--set \(key): no such variable (variables: \(variables.keys.sorted().joined(separator: ", ")))")
            }
            variables[key] = value
        }
        func expand(_ text: String, at location: String) throws -> String {
            var result = text
            while let range = result.range(of: #"\$\{[A-Za-z0-9_\-]+\}"#, options: .regularExpression) {
                let name = String(result[range].dropFirst(2).dropLast())
                guard let value = variables[name] else { throw fail("\(location): unknown variable ${\(name)}") }
                result.replaceSubrange(range, with: value)
            }
            return result
        }
        func strings(_ value: TOMLValue?, at location: String) throws -> [String] {
            guard let value else { return [] }
            guard let items = value.array else { throw fail("\(location) must be an array of strings, found \(value.kind)") }
            return try items.enumerated().map { index, item in
                guard let text = item.string else { throw fail("\(location)[\(index)] must be a string, found \(item.kind)") }
                return try expand(text, at: location)
            }
        }

        guard let stageValues = document["stage"]?.array, !stageValues.isEmpty else {
            throw fail("expected at least one [[stage]]")
        }
        var stages: [Stage] = []
        for (index, value) in stageValues.enumerated() {
            guard let table = value.table, let name = table["name"]?.string else {
                throw fail("stage \(index + 1) needs a name = \"…\"")
            }
            let location = "stage '\(name)'"
            let command = try strings(table["command"], at: "\(location).command")
            guard !command.isEmpty else { throw fail("\(location) needs command = [\"subcommand\", …]") }
            var arguments = command + (try strings(table["arguments"], at: "\(location).arguments"))
            if let options = table["options"]?.table {
                for key in options.keys {
                    let option = options[key]!
                    switch option {
                    case .boolean(let on): if on { arguments.append("--\(key)") }
                    case .array(let items):
                        for item in items { arguments += ["--\(key)", try expand(try scalarString(item, at: "\(location).options.\(key)", fail), at: location)] }
                    default:
                        arguments += ["--\(key)", try expand(try scalarString(option, at: "\(location).options.\(key)", fail), at: location)]
                    }
                }
            }
            stages.append(Stage(name: name, arguments: arguments,
                                inputs: try strings(table["inputs"], at: "\(location).inputs"),
                                outputs: try strings(table["outputs"], at: "\(location).outputs")))
        }
        let duplicates = Dictionary(grouping: stages, by: \.name).filter { $0.value.count > 1 }.keys
        guard duplicates.isEmpty else { throw fail("stage names must be unique: \(duplicates.sorted().joined(separator: ", "))") }
        return PipelineDefinition(name: document["pipeline"]?.table?["name"]?.string ?? path, file: path,
                                  stages: stages, variables: variables)
    }

    private static func scalarStrings(_ table: TOMLTable, at location: String,
                                      _ fail: (String) -> PipelineError) throws -> [String: String] {
        var result: [String: String] = [:]
        for key in table.keys { result[key] = try scalarString(table[key]!, at: "\(location).\(key)", fail) }
        return result
    }

    private static func scalarString(_ value: TOMLValue, at location: String, _ fail: (String) -> PipelineError) throws -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .boolean(let flag): return String(flag)
        default: throw fail("\(location) must be a string, number or boolean, found \(value.kind)")
        }
    }
}

/// A pipeline that cannot be loaded or run, with the file and what is wrong.
public struct PipelineError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

import Foundation
import SmithyTensor

/// Saving and loading a module's parameters by dotted name.
extension Module {
    /// Parameters by dotted name, every alias of a shared tensor included (the tensors themselves, not copies).
    public func stateDictionary() -> [String: Tensor] {
        Dictionary(namedParameters(includingAliases: true).map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
    }

    /// Copies values into this module's parameters by name.
    ///
    /// Every parameter must be present with the right shape; with `strict`, names the module does not
    /// have are errors too. Nothing is changed unless every check passes.
    public func load(_ state: [String: Tensor], strict: Bool = true, source: String = "state") throws {
        let own = namedParameters(includingAliases: true)
        var problems: [String] = []
        for (name, tensor) in own {
            guard let value = state[name] else {
                problems.append("missing tensor '\(name)' (expected shape \(describe(tensor.shape)))")
                continue
            }
            if value.shape != tensor.shape {
                problems.append("tensor '\(name)' has shape \(describe(value.shape)), expected \(describe(tensor.shape))")
            }
        }
        if strict {
            let known = Set(own.map(\.name))
            problems += state.keys.filter { !known.contains($0) }.sorted().map { "unexpected tensor '\($0)'" }
        }
        guard problems.isEmpty else { throw StateLoadingError(source: source, problems: problems) }
        for (name, tensor) in own {
            tensor.pointer.update(from: state[name]!.pointer, count: tensor.count)
        }
    }

    /// Writes the parameters to a safetensors file (atomically).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors(tensors: stateDictionary(), metadata: metadata).write(to: url)
    }

    /// Loads parameters from a safetensors file.
    public func load(from url: URL, strict: Bool = true) throws {
        try load(SafeTensors.read(url).tensors, strict: strict, source: url.path)
    }
}

/// Parameters that could not be loaded, all problems listed.
public struct StateLoadingError: Error, CustomStringConvertible {
    /// Where the values came from (a file path).
    public let source: String
    /// Each missing, unexpected or mis-shaped tensor.
    public let problems: [String]

    public var description: String {
        "\(source): cannot load parameters: " + problems.prefix(10).joined(separator: "; ")
            + (problems.count > 10 ? "; and \(problems.count - 10) more" : "")
    }
}

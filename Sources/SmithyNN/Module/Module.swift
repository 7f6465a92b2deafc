import SmithyTensor

/// A part of a model: it owns parameters (its stored `Tensor` properties) and child modules (its
/// stored `Module`, `Module?` and `[Module]` properties), found by reflection.
///
/// Names are dotted paths built from property names and array indices, as in PyTorch's
/// `state_dict`: `encoder.layers.0.attention.query.weight`. Tensors that are not parameters
/// (constant tables, caches) must not be stored as `Tensor` properties.
open class Module {
    /// Whether the module behaves as in training (dropout on). Frozen modules never train.
    public private(set) var isTraining = true
    /// Whether the module is frozen: its parameters get no gradient and it stays in inference mode.
    public private(set) var isFrozen = false

    public init() {}

    /// Child modules with their property names (array elements as `name.index`).
    public func namedChildren() -> [(name: String, module: Module)] {
        var children: [(String, Module)] = []
        forEachStoredProperty { label, value in
            switch value {
            case let module as Module: children.append((label, module))
            case let modules as [Module]:
                for (index, module) in modules.enumerated() { children.append(("\(label).\(index)", module)) }
            default: break
            }
        }
        return children
    }

    /// This module's own parameters (not its children's) with their property names.
    public func localParameters() -> [(name: String, tensor: Tensor)] {
        var parameters: [(String, Tensor)] = []
        forEachStoredProperty { label, value in
            if let tensor = value as? Tensor { parameters.append((label, tensor)) }
        }
        return parameters
    }

    /// Every parameter of this module and its descendants with dotted names: a module's own tensors
    /// first, then its children's in declaration order. A tensor reachable under several names (tied
    /// weights, a shared module) is listed once, under its first name, as PyTorch's
    /// `named_parameters()`; `includingAliases` lists every name (as `state_dict()`).
    public func namedParameters(includingAliases: Bool = false) -> [(name: String, tensor: Tensor)] {
        var result = localParameters()
        for (childName, child) in namedChildren() {
            result += child.namedParameters(includingAliases: true).map { ("\(childName).\($0.name)", $0.tensor) }
        }
        if includingAliases { return result }
        var seen: Set<ObjectIdentifier> = []
        return result.filter { seen.insert(ObjectIdentifier($0.tensor)).inserted }
    }

    /// Every parameter tensor.
    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    /// The parameters that receive gradients (not frozen).
    public var trainableParameters: [Tensor] { parameters.filter(\.requiresGrad) }

    /// Total number of parameter elements.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Switches this module and its descendants to training (`true`) or inference mode.
    /// Frozen modules stay in inference mode.
    public func train(_ training: Bool = true) {
        isTraining = training && !isFrozen
        for (_, child) in namedChildren() { child.train(training) }
    }

    /// Switches to inference mode (dropout off).
    public func eval() { train(false) }

    /// Freezes this module and its descendants: no gradients, untouched by optimizers, inference mode.
    public func freeze() { setFrozen(true) }

    /// Undoes `freeze()`; the module returns to training mode.
    public func unfreeze() { setFrozen(false) }

    private func setFrozen(_ frozen: Bool) {
        isFrozen = frozen
        isTraining = !frozen
        for (_, tensor) in localParameters() {
            tensor.requiresGrad = !frozen
            if frozen { tensor.grad = nil }
        }
        for (_, child) in namedChildren() { child.setFrozen(frozen) }
    }

    /// Clears the gradients of every parameter.
    public func zeroGradients() {
        for tensor in parameters { tensor.grad = nil }
    }

    /// Calls `body` for each stored property of the dynamic type and its superclasses.
    private func forEachStoredProperty(_ body: (String, Any) -> Void) {
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let current = mirror, current.subjectType != Module.self {
            levels.append(current)
            mirror = current.superclassMirror
        }
        for level in levels.reversed() {
            for child in level.children {
                guard let label = child.label else { continue }
                if let optional = child.value as? OptionalProtocol {
                    if let wrapped = optional.wrapped { body(label, wrapped) }
                } else {
                    body(label, child.value)
                }
            }
        }
    }
}

/// Lets reflection look inside optional properties.
private protocol OptionalProtocol {
    var wrapped: Any? { get }
}

extension Optional: OptionalProtocol {
    fileprivate var wrapped: Any? {
        switch self {
        case .some(let value): return value
        case .none: return nil
        }
    }
}

import SmithyTensor

/// Updates parameters from their gradients, with PyTorch's semantics.
///
/// Parameters that do not require a gradient (frozen) or have no gradient yet are skipped, as
/// PyTorch skips parameters whose `.grad` is None. `step()` reads each parameter's `grad` and
/// writes its values in place.
public protocol Optimizer: AnyObject {
    /// The parameters being optimised.
    var parameters: [Tensor] { get }
    /// The learning rate used by the next `step()` (schedules set it before each step).
    var learningRate: Float { get set }
    /// Number of steps taken so far.
    var stepCount: Int { get }
    /// Applies one update.
    func step()
    /// Per-parameter state (moments, momentum buffers) by name, for checkpoints.
    func stateTensors() -> [String: Tensor]
    /// Restores `stateTensors()` and the step count.
    func restore(state: [String: Tensor], stepCount: Int) throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGradients() {
        for parameter in parameters { parameter.grad = nil }
    }
}

/// Optimizer state that does not fit the optimizer it is loaded into.
public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
}

/// Per-parameter buffers keyed by parameter index, saved as `"<buffer>.<index>"`.
struct ParameterBuffers {
    private(set) var buffers: [Int: Tensor] = [:]
    let name: String

    init(name: String) { self.name = name }

    /// The buffer for parameter `index`, created as zeros of `shape` on first use.
    mutating func buffer(_ index: Int, shape: [Int]) -> Tensor {
        if let existing = buffers[index] { return existing }
        let created = Tensor.zeros(shape)
        buffers[index] = created
        return created
    }

    func contains(_ index: Int) -> Bool { buffers[index] != nil }

    var state: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: buffers.map { ("\(name).\($0.key)", $0.value) })
    }

    /// Replaces the buffers with those named `<name>.<index>` in `state`; each must have the shape
    /// `shape(parameter)` (the parameter's own by default). Nothing changes if any does not fit.
    mutating func restore(from state: [String: Tensor], parameters: [Tensor],
                          shape: (Tensor) -> [Int] = { $0.shape }) throws {
        var restored: [Int: Tensor] = [:]
        for (key, tensor) in state where key.hasPrefix(name + ".") {
            guard let index = Int(key.dropFirst(name.count + 1)), parameters.indices.contains(index),
                  shape(parameters[index]) == tensor.shape else {
                throw OptimizerStateError(description: "optimizer state '\(key)' \(describe(tensor.shape)) matches no parameter")
            }
            restored[index] = tensor.copy()
        }
        buffers = restored
    }
}

/// The graph side of a tensor that gradients flow to: the op that computed it, or, for a leaf, the
/// gradient accumulated so far.
///
/// A vertex holds no tensor values. The graph therefore keeps a recorded result's storage alive only
/// where a backward closure captured it (PyTorch's "saved tensors"): an intermediate that no backward
/// needs — a matrix product before its bias is added, a sum before its normalisation — is freed as soon
/// as the forward pass lets go of it.
final class GraphVertex {
    /// The shape of the tensor, which its gradient must have.
    let shape: [Int]
    /// The op that computed the tensor; nil for a leaf, and once `backward()` has released it.
    var node: GradientNode?
    /// Set when `backward()` released `node`: a second pass through it is an error.
    var released = false
    /// A leaf's accumulated gradient.
    var grad: Tensor?

    init(shape: [Int]) { self.shape = shape }
}

/// The record an op leaves on its result: its inputs' vertices and how to map the result's gradient
/// to theirs.
final class GradientNode {
    /// Name of the op, for error messages.
    let op: String
    /// The vertices of the op's tensor inputs, in order; nil for an input that did not require a gradient.
    let inputs: [GraphVertex?]
    /// Maps the gradient of the result to one gradient per input, nil where none is needed.
    /// Runs with recording off; each returned gradient has its input's shape.
    let backward: (_ gradient: Tensor) -> [Tensor?]

    init(op: String, inputs: [GraphVertex?], backward: @escaping (Tensor) -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches an op's backward to this freshly computed result when recording is on and any
    /// input requires a gradient; returns `self` so ops can end with `return result.recorded(…)`.
    ///
    /// `backward` captures exactly the tensors it reads (inputs, or `detached()` results — the result
    /// itself would keep its own graph alive); shapes and flags it needs are better captured as values,
    /// so that the graph does not hold the tensors' storage.
    ///
    /// This is also how code outside this module defines a differentiable op with a hand-written
    /// backward (PyTorch's `autograd.Function`): compute the result with recording off or with raw
    /// kernels, then record its inputs and a closure mapping the result's gradient to theirs.
    @discardableResult
    public func recorded(_ op: String, _ inputs: [Tensor], backward: @escaping (_ gradient: Tensor) -> [Tensor?]) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        requiresGrad = true
        graphVertex.node = GradientNode(op: op, inputs: inputs.map { $0.requiresGrad ? $0.graphVertex : nil },
                                        backward: backward)
        return self
    }
}

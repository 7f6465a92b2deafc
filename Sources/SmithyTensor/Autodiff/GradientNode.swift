/// The record an op leaves on its result: its inputs and how to map the result's gradient to theirs.
final class GradientNode {
    /// Name of the op, for error messages.
    let op: String
    /// The op's tensor inputs, in order.
    let inputs: [Tensor]
    /// Maps (gradient of the result, the result) to one gradient per input, nil where none is needed.
    /// Runs with recording off; each returned gradient has its input's shape.
    let backward: (_ gradient: Tensor, _ result: Tensor) -> [Tensor?]

    init(op: String, inputs: [Tensor], backward: @escaping (Tensor, Tensor) -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches an op's backward to this freshly computed result when recording is on and any
    /// input requires a gradient; returns `self` so ops can end with `return result.recorded(…)`.
    ///
    /// This is also how code outside this module defines a differentiable op with a hand-written
    /// backward (PyTorch's `autograd.Function`): compute the result with recording off or with raw
    /// kernels, then record its inputs and a closure mapping the result's gradient to theirs.
    @discardableResult
    public func recorded(_ op: String, _ inputs: [Tensor],
                  backward: @escaping (_ gradient: Tensor, _ result: Tensor) -> [Tensor?]) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        requiresGrad = true
        gradientNode = GradientNode(op: op, inputs: inputs, backward: backward)
        return self
    }
}

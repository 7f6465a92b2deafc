extension Tensor {
    /// Reverse-mode differentiation from this tensor.
    ///
    /// Adds d(output · cotangent)/d(leaf) to the `grad` of every leaf that requires a gradient,
    /// accumulating across calls until `grad` is reset. Without a cotangent the tensor must hold a
    /// single value (a loss) and the cotangent is 1. The graph is released afterwards unless
    /// `retainGraph` is set, as in PyTorch.
    public func backward(_ cotangent: Tensor? = nil, retainGraph: Bool = false) {
        precondition(requiresGrad, "[backward] the tensor does not require a gradient (no recorded input requires one)")
        let seed: Tensor
        if let cotangent {
            precondition(cotangent.shape == shape,
                         "[backward] cotangent \(describe(cotangent.shape)) does not match output \(describe(shape))")
            seed = cotangent.detached()
        } else {
            precondition(count == 1, "[backward] an output of shape \(describe(shape)) needs an explicit cotangent")
            seed = Tensor.ones(shape)
        }

        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        GradientMode.withoutGradients {
            for tensor in topologicalOrder().reversed() {
                guard let gradient = pending.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
                guard let node = tensor.gradientNode else {
                    tensor.grad = tensor.grad.map { $0 + gradient } ?? gradient
                    continue
                }
                let inputGradients = node.backward(gradient, tensor)
                for (input, inputGradient) in zip(node.inputs, inputGradients) {
                    guard input.requiresGrad, let inputGradient else { continue }
                    precondition(inputGradient.shape == input.shape,
                                 "[backward of \(node.op)] gradient \(describe(inputGradient.shape)) for input \(describe(input.shape))")
                    let key = ObjectIdentifier(input)
                    pending[key] = pending[key].map { $0 + inputGradient } ?? inputGradient
                }
                if !retainGraph {
                    tensor.gradientNode = nil
                    tensor.gradientNodeReleased = true
                }
            }
        }
    }

    /// Tensors reachable from this one through recorded ops, each after all of its inputs.
    private func topologicalOrder() -> [Tensor] {
        precondition(!gradientNodeReleased, "[backward] this graph was already released by an earlier backward(); pass retainGraph: true to the earlier call to go through it twice")
        var order: [Tensor] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var stack: [(tensor: Tensor, nextInput: Int)] = [(self, 0)]
        while let (tensor, nextInput) = stack.last {
            let inputs = tensor.gradientNode?.inputs ?? []
            if nextInput < inputs.count {
                stack[stack.count - 1].nextInput += 1
                let input = inputs[nextInput]
                precondition(!input.gradientNodeReleased,
                             "[backward] part of this graph was already released by an earlier backward(); pass retainGraph: true to the earlier call to go through it twice")
                if input.requiresGrad, visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(tensor)
                stack.removeLast()
            }
        }
        return order
    }
}

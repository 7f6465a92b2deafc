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

        let root = graphVertex
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        GradientMode.withoutGradients {
            for vertex in Self.topologicalOrder(from: root).reversed() {
                guard let gradient = pending.removeValue(forKey: ObjectIdentifier(vertex)) else { continue }
                guard let node = vertex.node else {
                    vertex.grad = vertex.grad.map { $0 + gradient } ?? gradient
                    continue
                }
                let inputGradients = node.backward(gradient)
                for (input, inputGradient) in zip(node.inputs, inputGradients) {
                    guard let input, let inputGradient else { continue }
                    precondition(inputGradient.shape == input.shape,
                                 "[backward of \(node.op)] gradient \(describe(inputGradient.shape)) for input \(describe(input.shape))")
                    let key = ObjectIdentifier(input)
                    pending[key] = pending[key].map { $0 + inputGradient } ?? inputGradient
                }
                if !retainGraph {
                    vertex.node = nil
                    vertex.released = true
                }
            }
        }
    }

    /// Vertices reachable from `root` through recorded ops, each after all of its inputs.
    private static func topologicalOrder(from root: GraphVertex) -> [GraphVertex] {
        let releasedMessage = "already released by an earlier backward(); pass retainGraph: true to the earlier call to go through it twice"
        precondition(!root.released, "[backward] this graph was \(releasedMessage)")
        var order: [GraphVertex] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack: [(vertex: GraphVertex, nextInput: Int)] = [(root, 0)]
        while let (vertex, nextInput) = stack.last {
            let inputs = vertex.node?.inputs ?? []
            if nextInput < inputs.count {
                stack[stack.count - 1].nextInput += 1
                guard let input = inputs[nextInput] else { continue }
                precondition(!input.released, "[backward] part of this graph was \(releasedMessage)")
                if visited.insert(ObjectIdentifier(input)).inserted { stack.append((input, 0)) }
            } else {
                order.append(vertex)
                stack.removeLast()
            }
        }
        return order
    }
}

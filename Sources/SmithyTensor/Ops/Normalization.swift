/// Layer normalisation and RMS normalisation over the last axis, with optional affine parameters.

extension Tensor {
    /// (x − mean) / √(var + ε) · weight + bias over the last axis (biased variance, as PyTorch).
    /// `weight` and `bias` have shape [last extent].
    public func layerNorm(weight: Tensor?, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
        normalized(weight: weight, bias: bias, epsilon: epsilon, centered: true, op: "layer_norm")
    }

    /// x / √(mean(x²) + ε) · weight over the last axis. `weight` has shape [last extent].
    public func rmsNorm(weight: Tensor?, epsilon: Float = 1e-6) -> Tensor {
        normalized(weight: weight, bias: nil, epsilon: epsilon, centered: false, op: "rms_norm")
    }

    private func normalized(weight: Tensor?, bias: Tensor?, epsilon: Float, centered: Bool, op: String) -> Tensor {
        let length = shape.last ?? 1
        for (name, parameter) in [("weight", weight), ("bias", bias)] {
            if let parameter, parameter.shape != [length] {
                preconditionFailure("[\(op)] \(name) \(describe(parameter.shape)) does not match the last axis of \(describe(shape))")
            }
        }
        let rows = count / Swift.max(length, 1)
        let result = Tensor(uninitializedShape: shape)
        let statistics = Tensor(uninitializedShape: [2, rows])
        let means = statistics.pointer, inverseDeviations = statistics.pointer + rows
        normalizeRowsKernel(pointer, result.pointer, weight: weight?.pointer, bias: bias?.pointer,
                            means: means, inverseDeviations: inverseDeviations,
                            rows: rows, length: length, epsilon: epsilon, centered: centered)
        let input = self
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        return result.recorded(op, inputs) { g in
            let means = statistics.pointer, inverseDeviations = statistics.pointer + rows
            var gradients: [Tensor?] = []
            if input.requiresGrad {
                let dx = Tensor(uninitializedShape: input.shape)
                normalizeRowsBackwardKernel(g.pointer, input.pointer, weight: weight?.pointer, means: means,
                                            inverseDeviations: inverseDeviations, dx.pointer,
                                            rows: rows, length: length, centered: centered)
                gradients.append(dx)
            } else {
                gradients.append(nil)
            }
            let weightGradient = weight?.requiresGrad == true ? Tensor(uninitializedShape: [length]) : nil
            let biasGradient = bias?.requiresGrad == true ? Tensor(uninitializedShape: [length]) : nil
            if weightGradient != nil || biasGradient != nil {
                normalizeRowsParameterGradientKernel(g.pointer, input.pointer, means: means, inverseDeviations: inverseDeviations,
                                                     weightGradient: weightGradient?.pointer, biasGradient: biasGradient?.pointer,
                                                     rows: rows, length: length)
            }
            if weight != nil { gradients.append(weightGradient) }
            if bias != nil { gradients.append(biasGradient) }
            return gradients
        }
    }
}

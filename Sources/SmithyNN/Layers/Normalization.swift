import SmithyTensor

/// Layer normalisation over the last axis with learned scale (ones) and shift (zeros), as `nn.LayerNorm`.
public final class LayerNorm: Module {
    /// [dimension], or nil without affine parameters.
    public let weight: Tensor?
    /// [dimension], or nil without affine parameters.
    public let bias: Tensor?
    /// Added to the variance.
    public let epsilon: Float

    public init(_ dimension: Int, epsilon: Float = 1e-5, affine: Bool = true) {
        weight = affine ? Tensor.ones([dimension]) : nil
        bias = affine ? Tensor.zeros([dimension]) : nil
        weight?.requiresGrad = true
        bias?.requiresGrad = true
        self.epsilon = epsilon
        super.init()
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.layerNorm(weight: weight, bias: bias, epsilon: epsilon)
    }
}

/// RMS normalisation over the last axis with a learned scale (ones), as `nn.RMSNorm`.
public final class RMSNorm: Module {
    /// [dimension], or nil without affine parameters.
    public let weight: Tensor?
    /// Added to the mean square.
    public let epsilon: Float

    public init(_ dimension: Int, epsilon: Float = 1e-6, affine: Bool = true) {
        weight = affine ? Tensor.ones([dimension]) : nil
        weight?.requiresGrad = true
        self.epsilon = epsilon
        super.init()
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.rmsNorm(weight: weight, epsilon: epsilon)
    }
}

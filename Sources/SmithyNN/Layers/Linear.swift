import SmithyTensor

/// y = x·Wᵀ + b, applied to the last axis: [..., inFeatures] → [..., outFeatures].
///
/// Initialised as PyTorch's `nn.Linear`: W ~ Kaiming-uniform(a = √5) = U(±1/√in), b ~ U(±1/√in).
public final class Linear: Module {
    /// [outFeatures, inFeatures].
    public let weight: Tensor
    /// [outFeatures], or nil without bias.
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: RandomGenerator) {
        weight = .parameter([outFeatures, inFeatures], .kaimingUniform(a: Float(5).squareRoot()), generator: generator)
        let bound = 1 / Float(inFeatures).squareRoot()
        self.bias = bias ? .parameter([outFeatures], .uniform(bound: bound), generator: generator) : nil
        super.init()
    }

    /// Number of input features.
    public var inFeatures: Int { weight.shape[1] }
    /// Number of output features.
    public var outFeatures: Int { weight.shape[0] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        if input.rank == 1 { return self(input.reshaped([1, input.shape[0]])).reshaped([outFeatures]) }
        let product = matmul(input, weight, transposeB: true)
        return bias.map { product + $0 } ?? product
    }
}

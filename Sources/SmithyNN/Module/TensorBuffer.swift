import SmithyTensor

/// A tensor a module keeps that is not a parameter: a constant table, a cache, a value kept for
/// inspection. Parameter reflection skips it (every stored `Tensor` property is a parameter).
public struct TensorBuffer {
    public var tensor: Tensor

    public init(_ tensor: Tensor) { self.tensor = tensor }
}

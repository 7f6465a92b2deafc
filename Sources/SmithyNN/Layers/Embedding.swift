import SmithyTensor

/// A lookup table of `count` vectors of `dimension` values: [indices...] → [indices..., dimension].
///
/// Initialised N(0, 1) like `nn.Embedding`; the row at `paddingIndex` starts at zero and gets no gradient.
public final class Embedding: Module {
    /// [count, dimension].
    public let weight: Tensor
    /// The index whose row stays fixed, if any.
    public let paddingIndex: Int?

    public init(count: Int, dimension: Int, paddingIndex: Int? = nil, generator: RandomGenerator) {
        weight = .parameter([count, dimension], .normal(std: 1), generator: generator)
        self.paddingIndex = paddingIndex
        if let paddingIndex {
            (weight.pointer + paddingIndex * dimension).initialize(repeating: 0, count: dimension)
        }
        super.init()
    }

    /// Vectors for `indices` laid out with `shape`.
    public func callAsFunction(_ indices: [Int], shape: [Int]) -> Tensor {
        embedding(weight, indices: indices, shape: shape, paddingIndex: paddingIndex)
    }
}

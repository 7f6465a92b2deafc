import SmithyNN
import SmithyTensor

extension Module {
    /// Hugging Face BERT's `_init_weights` over this module and its descendants: Linear and
    /// Embedding weights N(0, std²), Linear biases zero, an embedding's padding row zero;
    /// normalisations keep their ones/zeros. (PyTorch's per-layer defaults, which the spine's
    /// layers use, are Kaiming-uniform for Linear and N(0, 1) for Embedding.)
    public func initializeBERTWeights(std: Float, generator: RandomGenerator) {
        switch self {
        case let linear as Linear:
            Initializer.normal(std: std).fill(linear.weight, generator: generator)
            if let bias = linear.bias { Initializer.zeros.fill(bias, generator: generator) }
        case let embedding as Embedding:
            Initializer.normal(std: std).fill(embedding.weight, generator: generator)
            if let padding = embedding.paddingIndex {
                let dimension = embedding.weight.shape[1]
                (embedding.weight.pointer + padding * dimension).initialize(repeating: 0, count: dimension)
            }
        default:
            break
        }
        for (_, child) in namedChildren() { child.initializeBERTWeights(std: std, generator: generator) }
    }
}

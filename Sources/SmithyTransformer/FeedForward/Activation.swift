import SmithyTensor

/// The activation of a feed-forward network. Gated variants (GLU family) split the first
/// projection's output in two halves a, b and return act(a) ⊙ b, so their first projection is
/// twice as wide (the original's 1.2.1 fix).
public enum Activation: String, Codable, CaseIterable, Sendable {
    case relu
    case gelu
    /// GELU with the tanh approximation.
    case geluTanh = "gelu_tanh"
    case tanh
    case silu
    case sigmoid
    /// Leaky ReLU with slope 0.01.
    case leakyRelu = "leaky_relu"
    /// ReLU-gated linear unit.
    case reglu
    /// GELU-gated linear unit.
    case geglu
    /// SiLU-gated linear unit (SwiGLU).
    case swiglu

    /// Whether the activation gates one half of its input with the other.
    public var isGated: Bool { self == .reglu || self == .geglu || self == .swiglu }

    /// Applies the activation to [..., width] (gated: width = 2 × output width).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: return x.relu()
        case .gelu: return x.gelu()
        case .geluTanh: return x.gelu(approximate: .tanh)
        case .tanh: return x.tanh()
        case .silu: return x.silu()
        case .sigmoid: return x.sigmoid()
        case .leakyRelu: return x.leakyRelu(slope: 0.01)
        case .reglu, .geglu, .swiglu:
            let halves = x.chunk(2, axis: -1)
            let gate: Activation = self == .reglu ? .relu : self == .geglu ? .gelu : .silu
            return gate(halves[0]) * halves[1]
        }
    }
}

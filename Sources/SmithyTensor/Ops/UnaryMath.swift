import Foundation

/// Elementwise math functions and activations, each with its derivative.

extension Tensor {
    /// An elementwise op: `forward` maps x to y, `derivative` gives dy/dx from (x, y).
    @inline(__always)
    func elementwise(_ op: String, _ forward: (Vector) -> Vector,
                     derivative: @escaping (_ x: Vector, _ y: Vector) -> Vector) -> Tensor {
        let input = self
        return mapTensor(self, forward).recorded(op, [self]) { g, y in
            let gradient = Tensor(uninitializedShape: g.shape)
            zipElements(g.count, g.pointer, input.pointer, y.pointer, gradient.pointer) { g, x, y in g * derivative(x, y) }
            return [gradient]
        }
    }

    /// e^x.
    public func exp() -> Tensor { elementwise("exp", vectorExp) { _, y in y } }

    /// Natural logarithm.
    public func log() -> Tensor {
        elementwise("log", { lanewise($0, Foundation.log) }) { x, _ in 1 / x }
    }

    /// Square root.
    public func sqrt() -> Tensor { elementwise("sqrt", { $0.squareRoot() }) { _, y in 0.5 / y } }

    /// 1 / √x.
    public func rsqrt() -> Tensor { elementwise("rsqrt", { 1 / $0.squareRoot() }) { _, y in -0.5 * y * y * y } }

    /// x raised to a constant power.
    public func pow(_ exponent: Float) -> Tensor {
        if exponent == 0 { return elementwise("pow", { _ in Vector(repeating: 1) }) { _, _ in Vector() } }
        if exponent == 2 { return elementwise("pow", { $0 * $0 }) { x, _ in 2 * x } }
        return elementwise("pow", { lanewise($0) { Foundation.pow($0, exponent) } }) { x, _ in
            exponent * lanewise(x) { Foundation.pow($0, exponent - 1) }
        }
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor { elementwise("tanh", vectorTanh) { _, y in 1 - y * y } }

    /// Logistic sigmoid 1 / (1 + e^-x).
    public func sigmoid() -> Tensor { elementwise("sigmoid", vectorSigmoid) { _, y in y * (1 - y) } }

    /// max(x, 0).
    public func relu() -> Tensor {
        elementwise("relu", { $0.replacing(with: 0, where: $0 .< 0) }) { x, _ in
            Vector(repeating: 1).replacing(with: 0, where: x .<= 0)
        }
    }

    /// x for x > 0, slope · x otherwise.
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        elementwise("leaky_relu", { $0.replacing(with: $0 * slope, where: $0 .< 0) }) { x, _ in
            Vector(repeating: 1).replacing(with: slope, where: x .<= 0)
        }
    }

    /// x · σ(x) (also called swish).
    public func silu() -> Tensor {
        elementwise("silu", { $0 * vectorSigmoid($0) }) { x, _ in
            let s = vectorSigmoid(x)
            return s * (1 + x * (1 - s))
        }
    }

    /// GELU: x · Φ(x) with the error function (vectorised as PyTorch does, |error| ≤ 1.5e-7), or
    /// PyTorch's tanh approximation.
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        switch approximate {
        case .none:
            return elementwise("gelu", { x in 0.5 * x * (1 + vectorErf(x * Float(M_SQRT1_2))) }) { x, _ in
                let cdf = 0.5 * (1 + vectorErf(x * Float(M_SQRT1_2)))
                let pdf = vectorExp(-0.5 * x * x) * Float(0.398_942_280_401_432_7)
                return cdf + x * pdf
            }
        case .tanh:
            let c = Float(0.797_884_560_802_865_4), k: Float = 0.044_715
            let inner: (Vector) -> Vector = { x in
                let cube: Vector = x * x * x
                return c * (x + k * cube)
            }
            return elementwise("gelu", { x in 0.5 * x * (1 + vectorTanh(inner(x))) }) { x, _ in
                let t = vectorTanh(inner(x))
                let slope: Vector = c * (1 + 3 * k * x * x)
                let left: Vector = 0.5 * (1 + t)
                return left + 0.5 * x * (1 - t * t) * slope
            }
        }
    }
}

/// Which form of GELU to compute (PyTorch's `approximate=` argument).
public enum GELUApproximation: String, Sendable {
    /// x · Φ(x) with the exact error function.
    case none
    /// 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))).
    case tanh
}

import CSmithyKernels
import Foundation

/// Elementwise math functions and activations, each with its derivative.

extension Tensor {
    /// An elementwise op: `forward` maps x to y, `derivative` gives dy/dx from (x, y).
    @inline(__always)
    func elementwise(_ op: String, _ forward: (Vector) -> Vector,
                     derivative: @escaping (_ x: Vector, _ y: Vector) -> Vector) -> Tensor {
        let (input, result) = (self, mapTensor(self, forward))
        let y = result.detached()
        return result.recorded(op, [self]) { g in
            let gradient = Tensor(uninitializedShape: g.shape)
            zipElements(g.count, g.pointer, input.pointer, y.pointer, gradient.pointer) { g, x, y in g * derivative(x, y) }
            return [gradient]
        }
    }

    /// An elementwise op computed by C kernels (CSmithyKernels): `forward` maps x to y and
    /// `backward` maps (g, x) to dx, or (g, y) to dx when `backwardFromOutput` (then x is not kept).
    func elementwise(_ op: String, kernel forward: UnaryKernel, backward: BinaryKernel,
                     backwardFromOutput: Bool = false) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        runKernel(forward, count, pointer, result.pointer)
        let saved = backwardFromOutput ? result.detached() : self
        return result.recorded(op, [self]) { g in
            let gradient = Tensor(uninitializedShape: g.shape)
            runKernel(backward, g.count, g.pointer, saved.pointer, gradient.pointer)
            return [gradient]
        }
    }

    /// e^x.
    public func exp() -> Tensor {
        elementwise("exp", kernel: smithy_exp, backward: smithy_exp_backward, backwardFromOutput: true)
    }

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
    public func tanh() -> Tensor {
        elementwise("tanh", kernel: smithy_tanh, backward: smithy_tanh_backward, backwardFromOutput: true)
    }

    /// Logistic sigmoid 1 / (1 + e^-x).
    public func sigmoid() -> Tensor {
        elementwise("sigmoid", kernel: smithy_sigmoid, backward: smithy_sigmoid_backward, backwardFromOutput: true)
    }

    /// max(x, 0).
    public func relu() -> Tensor {
        // y > 0 exactly where x > 0, so the backward reads y and x need not be kept.
        elementwise("relu", kernel: smithy_relu, backward: smithy_relu_backward, backwardFromOutput: true)
    }

    /// x for x > 0, slope · x otherwise.
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        elementwise("leaky_relu", { $0.replacing(with: $0 * slope, where: $0 .< 0) }) { x, _ in
            Vector(repeating: 1).replacing(with: slope, where: x .<= 0)
        }
    }

    /// x · σ(x) (also called swish).
    public func silu() -> Tensor { elementwise("silu", kernel: smithy_silu, backward: smithy_silu_backward) }

    /// GELU: x · Φ(x) with the error function (erf within ~1 ulp; Φ taken from erfc for x ≪ 0, so
    /// the far negative tail keeps its relative accuracy), or PyTorch's tanh approximation.
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        switch approximate {
        case .none: return elementwise("gelu", kernel: smithy_gelu, backward: smithy_gelu_backward)
        case .tanh: return elementwise("gelu", kernel: smithy_gelu_tanh, backward: smithy_gelu_tanh_backward)
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

/// Add, subtract, multiply and divide with NumPy broadcasting, and negation.
///
/// Gradients of broadcast operands are summed back to the operand's shape in one place,
/// `Tensor.sum(toShape:)`.

extension Tensor {
    /// Elementwise `self + other` with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        broadcastZip(a, b, op: "add") { $0 + $1 }
            .recorded("add", [a, b]) { [a = a.shape, b = b.shape] g in [g.sum(toShape: a), g.sum(toShape: b)] }
    }

    /// Elementwise `self - other` with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        broadcastZip(a, b, op: "sub") { $0 - $1 }
            .recorded("sub", [a, b]) { [a = a.shape, b = b.shape, bNeedsGradient = b.requiresGrad] g in
                [g.sum(toShape: a), bNeedsGradient ? (-g).sum(toShape: b) : nil]
            }
    }

    /// Elementwise `self * other` with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        broadcastZip(a, b, op: "mul") { $0 * $1 }
            .recorded("mul", [a, b]) { g in
                [a.requiresGrad ? (g * b).sum(toShape: a.shape) : nil,
                 b.requiresGrad ? (g * a).sum(toShape: b.shape) : nil]
            }
    }

    /// Elementwise `self / other` with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let result = broadcastZip(a, b, op: "div") { $0 / $1 }
        let quotient = result.detached()
        return result.recorded("div", [a, b]) { g in
            [a.requiresGrad ? (g / b).sum(toShape: a.shape) : nil,
             b.requiresGrad ? (-(g * quotient) / b).sum(toShape: b.shape) : nil]
        }
    }

    /// Elementwise negation.
    public static prefix func - (a: Tensor) -> Tensor {
        mapTensor(a) { -$0 }.recorded("neg", [a]) { g in [-g] }
    }

    /// `self + scalar`.
    public static func + (a: Tensor, scalar: Float) -> Tensor {
        mapTensor(a) { $0 + scalar }.recorded("add", [a]) { g in [g] }
    }

    /// `self - scalar`.
    public static func - (a: Tensor, scalar: Float) -> Tensor { a + (-scalar) }

    /// `self * scalar`.
    public static func * (a: Tensor, scalar: Float) -> Tensor {
        mapTensor(a) { $0 * scalar }.recorded("mul", [a]) { g in [g * scalar] }
    }

    /// `scalar * self`.
    public static func * (scalar: Float, a: Tensor) -> Tensor { a * scalar }

    /// `self / scalar`.
    public static func / (a: Tensor, scalar: Float) -> Tensor { a * (1 / scalar) }

    /// Sums a broadcast gradient back to `shape`: over the leading axes that broadcasting added and
    /// over the axes where `shape` has extent 1.
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let added = rank - target.count
        var axes = Array(0..<added)
        for (index, extent) in target.enumerated() where extent == 1 && shape[added + index] != 1 {
            axes.append(added + index)
        }
        return sum(axes: axes, keepingDimensions: true).reshaped(target)
    }
}

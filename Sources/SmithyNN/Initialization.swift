import Foundation
import SmithyTensor

/// Parameter initialisers with PyTorch's definitions. Each fills a tensor in place.
public enum Initializer {
    /// U(−b, b) with b = gain·√(3 / fan_in), gain = √(2 / (1 + a²)): `kaiming_uniform_`; a = √5 is
    /// PyTorch's default for `Linear` weights, giving b = 1/√fan_in.
    case kaimingUniform(a: Float)
    /// U(−bound, bound).
    case uniform(bound: Float)
    /// N(0, std²).
    case normal(std: Float)
    /// U(−b, b) with b = gain·√(6 / (fan_in + fan_out)): `xavier_uniform_`.
    case xavierUniform(gain: Float)
    /// All zeros.
    case zeros
    /// All ones.
    case ones

    /// Overwrites `tensor` with fresh values. Fans follow PyTorch: for a [out, in, ...] weight,
    /// fan_in = in · receptive field, fan_out = out · receptive field.
    public func fill(_ tensor: Tensor, generator: RandomGenerator) {
        let values: Tensor
        switch self {
        case .kaimingUniform(let a):
            let gain = (2 / (1 + a * a)).squareRoot()
            let bound = gain * (3 / Float(Self.fans(tensor.shape).fanIn)).squareRoot()
            values = .randomUniform(tensor.shape, low: -bound, high: bound, generator: generator)
        case .uniform(let bound):
            values = .randomUniform(tensor.shape, low: -bound, high: bound, generator: generator)
        case .normal(let std):
            values = .randomNormal(tensor.shape, std: std, generator: generator)
        case .xavierUniform(let gain):
            let (fanIn, fanOut) = Self.fans(tensor.shape)
            let bound = gain * (6 / Float(fanIn + fanOut)).squareRoot()
            values = .randomUniform(tensor.shape, low: -bound, high: bound, generator: generator)
        case .zeros:
            values = .zeros(tensor.shape)
        case .ones:
            values = .ones(tensor.shape)
        }
        tensor.pointer.update(from: values.pointer, count: tensor.count)
    }

    /// (fan_in, fan_out) of a weight shape, as `torch.nn.init._calculate_fan_in_and_fan_out`.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        if shape.count < 2 { return (shape.first ?? 1, shape.first ?? 1) }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }
}

extension Tensor {
    /// A new parameter (requires a gradient) of `shape` filled by `initializer`.
    public static func parameter(_ shape: [Int], _ initializer: Initializer, generator: RandomGenerator) -> Tensor {
        let tensor = Tensor(uninitializedShape: shape)
        initializer.fill(tensor, generator: generator)
        tensor.requiresGrad = true
        return tensor
    }
}

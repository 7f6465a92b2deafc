import Foundation
import SmithyTensor

/// Adam, and AdamW when `decoupledWeightDecay` is set, exactly as `torch.optim.Adam` / `AdamW`:
/// (Adam) g += λp, or (AdamW) p *= 1 − lr·λ; m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²;
/// p −= (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
public final class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    /// AdamW's decoupled decay instead of L2 added to the gradient.
    public let decoupledWeightDecay: Bool
    public private(set) var stepCount = 0
    private var firstMoments = ParameterBuffers(name: "exp_avg")
    private var secondMoments = ParameterBuffers(name: "exp_avg_sq")
    /// Steps each parameter has taken ([1] tensors, as PyTorch's per-parameter `step`): a parameter
    /// that first gets a gradient late starts its bias correction from its own first step.
    private var parameterSteps = ParameterBuffers(name: "step")

    public init(parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW with PyTorch's defaults (weight decay 0.01).
    public static func adamW(parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8, weightDecay: Float = 0.01) -> Adam {
        Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
             weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public func step() {
        stepCount += 1
        for (index, parameter) in parameters.enumerated() {
            guard parameter.requiresGrad, let gradient = parameter.grad else { continue }
            let steps = parameterSteps.buffer(index, shape: [1]).pointer
            steps.pointee += 1
            let t = steps.pointee
            let stepSize = learningRate / (1 - Foundation.pow(beta1, t))
            let secondCorrection = (1 - Foundation.pow(beta2, t)).squareRoot()
            let p = parameter.pointer, g = gradient.pointer
            let m = firstMoments.buffer(index, shape: parameter.shape).pointer
            let v = secondMoments.buffer(index, shape: parameter.shape).pointer
            for i in 0..<parameter.count {
                var gi = g[i]
                if decoupledWeightDecay {
                    p[i] *= 1 - learningRate * weightDecay
                } else {
                    gi += weightDecay * p[i]
                }
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                p[i] -= stepSize * m[i] / (v[i].squareRoot() / secondCorrection + epsilon)
            }
        }
    }

    public func stateTensors() -> [String: Tensor] {
        firstMoments.state.merging(secondMoments.state) { first, _ in first }.merging(parameterSteps.state) { first, _ in first }
    }

    public func restore(state: [String: Tensor], stepCount: Int) throws {
        try firstMoments.restore(from: state, parameters: parameters)
        try secondMoments.restore(from: state, parameters: parameters)
        try parameterSteps.restore(from: state, parameters: parameters, shape: { _ in [1] })
        self.stepCount = stepCount
    }
}

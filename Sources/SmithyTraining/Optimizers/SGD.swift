import SmithyTensor

/// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, exactly
/// as `torch.optim.SGD`:
/// d = g + λp; b = μb + (1 − τ)d (b = d on the first step); d = d + μb (Nesterov) or b; p −= lr·d.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let momentum: Float
    public let dampening: Float
    public let weightDecay: Float
    public let nesterov: Bool
    public private(set) var stepCount = 0
    private var momentumBuffers = ParameterBuffers(name: "momentum")

    public init(parameters: [Tensor], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum needs momentum > 0 and no dampening")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public func step() {
        stepCount += 1
        for (index, parameter) in parameters.enumerated() {
            guard parameter.requiresGrad, let gradient = parameter.grad else { continue }
            let p = parameter.pointer, g = gradient.pointer
            let isFirst = !momentumBuffers.contains(index)
            let buffer = momentum != 0 ? momentumBuffers.buffer(index, shape: parameter.shape).pointer : nil
            for i in 0..<parameter.count {
                var d = g[i] + weightDecay * p[i]
                if let buffer {
                    buffer[i] = isFirst ? d : momentum * buffer[i] + (1 - dampening) * d
                    d = nesterov ? d + momentum * buffer[i] : buffer[i]
                }
                p[i] -= learningRate * d
            }
        }
    }

    public func stateTensors() -> [String: Tensor] { momentumBuffers.state }

    public func restore(state: [String: Tensor], stepCount: Int) throws {
        try momentumBuffers.restore(from: state, parameters: parameters)
        self.stepCount = stepCount
    }
}

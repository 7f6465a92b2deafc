import SmithyTensor

/// Scales all gradients together so that their global L2 norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_` (factor maxNorm / (norm + 1e-6), applied only when below 1).
/// Returns the norm before clipping. Clipped gradients are new tensors (gradients may share storage).
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    let clipped = parameters.filter { $0.requiresGrad && $0.grad != nil }
    let gradients = clipped.map { $0.grad! }
    var squares: Double = 0
    for gradient in gradients {
        for i in 0..<gradient.count { squares += Double(gradient.pointer[i]) * Double(gradient.pointer[i]) }
    }
    let norm = Float(squares.squareRoot())
    let factor = maxNorm / (norm + 1e-6)
    if factor < 1 {
        for parameter in clipped { parameter.grad = parameter.grad! * factor }
    }
    return norm
}

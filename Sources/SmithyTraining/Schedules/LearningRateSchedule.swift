import Foundation

/// A learning rate as a function of the optimizer step (0-based: the rate used by the first
/// `step()` is `rate(at: 0)`), as a multiple of a base rate, matching PyTorch's `LambdaLR` with the
/// Hugging Face `transformers` schedule functions.
public enum LearningRateSchedule: Equatable, Sendable {
    /// The base rate throughout.
    case constant
    /// Linear rise from 0 over `warmup` steps, then linear decay to 0 at `total`
    /// (`get_linear_schedule_with_warmup`).
    case linearWarmupDecay(warmup: Int, total: Int)
    /// Linear rise over `warmup` steps, then a half cosine to 0 at `total`
    /// (`get_cosine_schedule_with_warmup` with 0.5 cycles).
    case cosineWithWarmup(warmup: Int, total: Int)
    /// The "Noam" schedule of Attention Is All You Need: d_model^−½ · min(s^−½, s · warmup^−³⁄₂)
    /// with s = step + 1, so the first step already has a non-zero rate.
    case inverseSquareRoot(modelDimension: Int, warmup: Int)

    /// The multiplier of the base rate at `step`.
    public func multiplier(at step: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case let .linearWarmupDecay(warmup, total):
            if step < warmup { return Float(step) / Float(max(1, warmup)) }
            return max(0, Float(total - step) / Float(max(1, total - warmup)))
        case let .cosineWithWarmup(warmup, total):
            if step < warmup { return Float(step) / Float(max(1, warmup)) }
            let progress = Double(step - warmup) / Double(max(1, total - warmup))
            return Float(max(0, 0.5 * (1 + cos(Double.pi * progress))))
        case let .inverseSquareRoot(modelDimension, warmup):
            let s = Double(step + 1)
            return Float(Foundation.pow(Double(modelDimension), -0.5) * min(Foundation.pow(s, -0.5), s * Foundation.pow(Double(warmup), -1.5)))
        }
    }
}

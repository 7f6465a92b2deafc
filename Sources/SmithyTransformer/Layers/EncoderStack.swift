import SmithyNN
import SmithyTensor

/// A stack of encoder layers with independent weights and an optional final norm. (Named
/// `EncoderStack`, not `Encoder`, so that it does not shadow Swift's `Encoder` protocol.)
public final class EncoderStack: Module {
    public let layers: [EncoderLayer]
    /// Applied after the last layer when present (pre-norm stacks need it; post-norm BERT has none).
    public let finalNorm: Normalization?

    public init(layers: [EncoderLayer], finalNorm: Normalization?) {
        self.layers = layers
        self.finalNorm = finalNorm
        super.init()
    }

    /// The output of the last layer (after the final norm), [batch, L, D].
    public func callAsFunction(_ x: Tensor, mask: AttentionMask, positional: PositionalEncodings?,
                               positions: TokenPositions) -> Tensor {
        hiddenStates(x, mask: mask, positional: positional, positions: positions).last!
    }

    /// The input and every layer's output: `layers.count + 1` tensors, as Hugging Face's
    /// `hidden_states` (index 0 is the input; the final norm, if any, is applied to the last).
    public func hiddenStates(_ x: Tensor, mask: AttentionMask, positional: PositionalEncodings?,
                             positions: TokenPositions) -> [Tensor] {
        var states = [x]
        for layer in layers {
            states.append(layer(states.last!, mask: mask, positional: positional, positions: positions))
        }
        if let finalNorm { states[states.count - 1] = finalNorm(states.last!) }
        return states
    }

    /// Freezes layers `0..<count`: no gradients, never touched by optimizers, dropout off even
    /// in training mode (the original's freeze was undone by the next `train()` call).
    public func freezeLayers(_ count: Int) {
        precondition(count >= 0 && count <= layers.count, "freezeLayers: \(count) is outside 0...\(layers.count)")
        for layer in layers.prefix(count) { layer.freeze() }
    }
}

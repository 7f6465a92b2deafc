import SmithyNN
import SmithyTensor

/// A stack of decoder layers with independent weights and an optional final norm.
public final class DecoderStack: Module {
    public let layers: [DecoderLayer]
    /// Applied after the last layer when present (pre-norm stacks need it).
    public let finalNorm: Normalization?

    public init(layers: [DecoderLayer], finalNorm: Normalization?) {
        self.layers = layers
        self.finalNorm = finalNorm
        super.init()
    }

    /// The last layer's output (after the final norm), [batch, Lt, D]. Arguments as
    /// `DecoderLayer.callAsFunction`; `cache`, when given, holds one entry per layer.
    public func callAsFunction(_ x: Tensor, memory: Tensor, targetMask: AttentionMask, memoryMask: AttentionMask,
                               positional: PositionalEncodings?, positions: TokenPositions,
                               memoryPositions: TokenPositions, cache: [DecoderLayerCache]? = nil) -> Tensor {
        precondition(cache == nil || cache!.count == layers.count,
                     "[DecoderStack] \(cache?.count ?? 0) layer caches for \(layers.count) layers")
        var hidden = x
        for (index, layer) in layers.enumerated() {
            hidden = layer(hidden, memory: memory, targetMask: targetMask, memoryMask: memoryMask, positional: positional,
                           positions: positions, memoryPositions: memoryPositions, cache: cache?[index])
        }
        return finalNorm.map { $0(hidden) } ?? hidden
    }

    /// Fresh empty caches, one per layer, for incremental decoding.
    public func makeCache() -> [DecoderLayerCache] { layers.map { _ in DecoderLayerCache() } }

    /// Freezes layers `0..<count`: no gradients, never touched by optimizers, dropout off even in
    /// training mode (the original's freeze was undone by the next `train()` call).
    public func freezeLayers(_ count: Int) {
        precondition(count >= 0 && count <= layers.count, "[DecoderStack] freezeLayers: \(count) is outside 0...\(layers.count)")
        for layer in layers.prefix(count) { layer.freeze() }
    }
}

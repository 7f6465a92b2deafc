import SmithyTensor

/// How a sequence classifier reduces hidden states [B, L, D] to one vector per sequence [B, D].
public enum Pooling: String, Codable, Sendable {
    /// The first token's state (BERT's [CLS]; with Geneformer V1 data, the top-ranked gene).
    case firstToken = "first_token"
    /// The mean over real (non-padding) tokens; padding does not change the result.
    case mean

    /// `hidden` [B, L, D]; `attentionMask` [B·L] (`true` = real token) or nil for no padding.
    public func callAsFunction(_ hidden: Tensor, attentionMask: [Bool]?) -> Tensor {
        let (batch, length, dimension) = (hidden.shape[0], hidden.shape[1], hidden.shape[2])
        switch self {
        case .firstToken:
            return hidden.slice(axis: 1, 0..<1).reshaped([batch, dimension])
        case .mean:
            guard let attentionMask else { return hidden.mean(axes: [1]) }
            let weights = attentionMask.map { $0 ? Float(1) : 0 }
            let counts = stride(from: 0, to: weights.count, by: length).map { start in
                max(weights[start..<start + length].reduce(0, +), 1)
            }
            let summed = (hidden * Tensor(weights, shape: [batch, length, 1])).sum(axes: [1])
            return summed / Tensor(counts, shape: [batch, 1])
        }
    }
}

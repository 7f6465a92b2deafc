import SmithyNN
import SmithyTensor

/// A BERT-like masked language model: `EncoderModel` body then `MaskedLanguageModelHead`
/// (Hugging Face `BertForMaskedLM`; `HuggingFaceBERT` loads and saves its directories).
public final class MaskedLanguageModel: Module {
    /// Embeddings and encoder (Hugging Face `bert.`).
    public let body: EncoderModel
    /// Hugging Face `cls.predictions`.
    public let head: MaskedLanguageModelHead

    /// A freshly initialised model (BERT initialisation); `attention` as `EncoderModel`.
    public init(_ configuration: EncoderConfiguration, positional: PositionalEncodings? = nil,
                attention: (() -> AttentionMethod)? = nil, generator: RandomGenerator) {
        body = EncoderModel(configuration, positional: positional, attention: attention, generator: generator)
        head = MaskedLanguageModelHead(configuration, generator: generator)
        super.init()
    }

    public var configuration: EncoderConfiguration { body.configuration }

    /// Embeddings output and each layer's output, `layers + 1` tensors [B, L, D] (Hugging Face
    /// `hidden_states`). `ids` [B·L] with `shape` [B, L]; `attentionMask` [B·L], `true` for real tokens.
    public func hiddenStates(ids: [Int], shape: [Int], attentionMask: [Bool]?, tokenTypes: [Int]? = nil) -> [Tensor] {
        body.hiddenStates(ids: ids, shape: shape, attentionMask: attentionMask, tokenTypes: tokenTypes)
    }

    /// Logits [B, L, V]; with `positions` (flattened indices b·L + l, e.g. the masked tokens) only
    /// those rows, [positions.count, V] — the decoder is the model's largest matmul, so training
    /// should ask only for the masked positions.
    public func logits(ids: [Int], shape: [Int], attentionMask: [Bool]?, tokenTypes: [Int]? = nil,
                       at positions: [Int]? = nil) -> Tensor {
        let hidden = body(ids: ids, shape: shape, attentionMask: attentionMask, tokenTypes: tokenTypes)
        let selected = positions.map { rows(hidden, at: $0) } ?? hidden
        return head(selected, decoderWeight: body.embeddings.word.weight)
    }

    /// Mean cross-entropy over the positions whose label is not −100 (`labels` [B·L], the original
    /// id at masked positions). Logits are computed at those positions only. At least one label is required
    /// (PyTorch returns NaN for none).
    public func mlmLoss(ids: [Int], shape: [Int], attentionMask: [Bool]?, labels: [Int], tokenTypes: [Int]? = nil) -> Tensor {
        precondition(labels.count == ids.count, "[mlmLoss] \(labels.count) labels for ids of shape \(shape)")
        let positions = labels.indices.filter { labels[$0] != -100 }
        precondition(!positions.isEmpty, "[mlmLoss] no position has a label (all are -100)")
        let selected = logits(ids: ids, shape: shape, attentionMask: attentionMask, tokenTypes: tokenTypes, at: positions)
        return crossEntropy(logits: selected, targets: positions.map { labels[$0] })
    }

    /// Rows `positions` of [B, L, D] as [P, D] (a differentiable gather).
    private func rows(_ hidden: Tensor, at positions: [Int]) -> Tensor {
        let flat = hidden.reshaped([hidden.shape[0] * hidden.shape[1], hidden.shape[2]])
        return embedding(flat, indices: positions, shape: [positions.count])
    }
}

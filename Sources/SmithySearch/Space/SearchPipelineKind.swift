/// The pipelines a search can train trials with.
public enum SearchPipelineKind: String, CaseIterable, Sendable {
    /// `smithy translate train` (Multi30k-style parallel text).
    case translation
    /// `smithy pretrain` then `smithy finetune` (a cell classifier on a tokenized single-cell dataset).
    case gene
}

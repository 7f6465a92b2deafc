import SmithyPipeline

/// How a pipeline trains a search's trials with `smithy` commands: the inputs it checks, what it
/// prepares once per search, and each trial's command lines.
public protocol TrialRecipe {
    /// Checks `[search.data]` and its files; nothing is written.
    func checkData() throws
    /// One-off commands run in order before the first trial (skipped when their output exists, e.g. on --resume).
    func preparation(searchDirectory: String) -> [(arguments: [String], output: String)]
    /// Whether `checkConfiguration` needs the preparation's outputs (the gene pipeline's vocabulary
    /// comes from the rank-encoded dataset); otherwise options are checked before anything is written.
    var configurationCheckNeedsPreparation: Bool { get }
    /// Decodes `configuration` (a trial's merged configuration) with the pipeline's own decoder,
    /// `file` names it in errors.
    func checkConfiguration(_ configuration: TOMLTable, file: String, searchDirectory: String) throws
    /// The trial's commands (`smithy` arguments), run in order; the last one writes `metricsFile`.
    func commands(configurationFile: String, trialDirectory: String, searchDirectory: String, threads: Int, epochs: Int?) -> [[String]]
    /// The metrics.csv whose objective column the search follows.
    func metricsFile(trialDirectory: String) -> String
}

extension SearchPipelineKind {
    /// The recipe of this pipeline, reading the space's `[search.data]` table.
    public func recipe(for space: SearchSpace) throws -> TrialRecipe {
        switch self {
        case .translation: return try TranslationTrialRecipe(data: space.data)
        case .gene: return try GeneTrialRecipe(data: space.data)
        }
    }
}

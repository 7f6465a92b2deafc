import Foundation
import SmithyPipeline

/// What `smithy search` was asked to do. `makeSearch` checks everything (space file, data, every
/// parameter's option against the pipeline's configuration decoder, the output folder) before the
/// first trial, runs the one-off preparation, and returns the search ready to `run()`.
public struct SearchRequest {
    public var spaceFile: String
    /// Must agree with the space file's `search.pipeline`.
    public var pipeline: SearchPipelineKind
    public var trials: Int
    public var parallel: Int
    /// Threads per trial (default: cores / parallel, at least 1).
    public var threads: Int?
    /// Overrides every trial's training epochs (gene: the fine-tuning epochs).
    public var epochs: Int?
    /// Overrides the space file's objective (with its natural direction).
    public var objective: String?
    public var seed: UInt64
    public var output: String
    public var resume: Bool

    public init(spaceFile: String, pipeline: SearchPipelineKind, trials: Int, parallel: Int = 1, threads: Int? = nil, epochs: Int? = nil,
                objective: String? = nil, seed: UInt64 = 0, output: String, resume: Bool = false) {
        self.spaceFile = spaceFile
        self.pipeline = pipeline
        self.trials = trials
        self.parallel = parallel
        self.threads = threads
        self.epochs = epochs
        self.objective = objective
        self.seed = seed
        self.output = output
        self.resume = resume
    }

    /// The space file with the command line's objective applied.
    public func loadSpace() throws -> SearchSpace {
        var space = try SearchSpace.load(spaceFile)
        guard space.pipeline == pipeline else {
            throw SearchError("\(spaceFile): search.pipeline is \"\(space.pipeline.rawValue)\" but --pipeline is \(pipeline.rawValue); they must agree")
        }
        if let objective {
            guard let named = SearchObjective.named(objective, pipeline: pipeline) else {
                throw SearchError("--objective \(objective): the \(pipeline.rawValue) pipeline's objectives are \(SearchSpace.objectiveNames(pipeline))")
            }
            space.objective = named
        }
        return space
    }

    /// The settings --resume must find unchanged.
    var settingsText: String {
        "pipeline = \(pipeline.rawValue)\nobjective = \(objective ?? "(space file)")\nseed = \(seed)\nepochs = \(epochs.map(String.init) ?? "(configuration)")\n"
    }

    /// Checks every input, prepares the output folder and returns the search.
    /// - Parameter executable: the `smithy` executable trials run.
    public func makeSearch(executable: String, log: @escaping (String) -> Void) throws -> ArchitectureSearch {
        let space = try loadSpace()
        let recipe = try pipeline.recipe(for: space)
        try recipe.checkData()
        guard FileManager.default.isReadableFile(atPath: space.baseConfiguration) else {
            throw SearchError("\(space.file): search.base_config '\(space.baseConfiguration)' does not exist or cannot be read")
        }
        let base = try TOMLParser.parse(contentsOf: space.baseConfiguration)
        let directory = SearchDirectory(output)
        if !recipe.configurationCheckNeedsPreparation { try checkOptions(space, base: base, recipe: recipe, directory: directory) }
        let earlier = try prepareDirectory(directory, space: space)

        let threads = self.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, parallel))
        let runner = ProcessTrialRunner(executable: executable, recipe: recipe, searchDirectory: output, threads: threads,
                                        epochs: epochs, objectiveColumn: space.objective.column)
        for step in recipe.preparation(searchDirectory: output) where !FileManager.default.fileExists(atPath: step.output) {
            log("preparing: smithy \(step.arguments.joined(separator: " "))")
            try runner.runToEnd(step.arguments, log: directory.preparationLog)
        }
        if recipe.configurationCheckNeedsPreparation { try checkOptions(space, base: base, recipe: recipe, directory: directory) }
        log("search: \(space.parameters.count) parameters, \(trials) trials, \(parallel) at a time with \(threads) thread(s) each, "
            + "\(space.objective.name) (\(space.objective.maximize ? "maximize" : "minimize")); "
            + (earlier.isEmpty ? "new search in \(output)" : "resuming: \(earlier.filter(\.isFinished).count) finished trial(s) kept"))
        return ArchitectureSearch(space: space, base: base, directory: directory, runner: runner, seed: seed,
                                  trials: trials, parallel: parallel, earlier: earlier)
    }

    /// Decodes the base configuration with every parameter set (at its first choice or low bound),
    /// then with each parameter at each of its choices or bounds in turn: an unknown option or a
    /// value the pipeline rejects is an error naming the space file and the parameter.
    func checkOptions(_ space: SearchSpace, base: TOMLTable, recipe: TrialRecipe, directory: SearchDirectory) throws {
        func values(_ parameter: SearchParameter) -> [TOMLValue] {
            parameter.domain.choices ?? [parameter.domain.value(atUnit: 0), parameter.domain.value(atUnit: 0.999_999)]
        }
        let everything = Dictionary(uniqueKeysWithValues: space.parameters.map { ($0.name, values($0)[0]) })
        for parameter in space.parameters {
            for value in values(parameter) {
                var assignment = everything
                assignment[parameter.name] = value
                do {
                    try recipe.checkConfiguration(space.configuration(base, with: assignment),
                                                  file: "\(space.baseConfiguration) with the search's values", searchDirectory: directory.path)
                } catch {
                    throw SearchError("\(space.file): parameter '\(parameter.name)' (option '\(parameter.option)' = "
                                      + "\(TOMLWriter.literal(value))) does not fit the \(space.pipeline.rawValue) configuration: \(error)")
                }
            }
        }
    }

    /// A new search needs an empty or absent folder; --resume needs one holding the same space and settings.
    private func prepareDirectory(_ directory: SearchDirectory, space: SearchSpace) throws -> [TrialRecord] {
        let manager = FileManager.default
        if resume {
            guard let stored = try? String(contentsOfFile: directory.space, encoding: .utf8) else {
                throw SearchError("\(output): no search to resume (\(directory.space) is missing); run without --resume")
            }
            guard stored == space.text else {
                throw SearchError("\(spaceFile) differs from the space this search started with (\(directory.space)); "
                                  + "--resume continues the same space: restore it or start a new search in another folder")
            }
            let settings = (try? String(contentsOfFile: directory.settings, encoding: .utf8)) ?? ""
            guard settings == settingsText else {
                throw SearchError("\(output): the search started with other settings (\(directory.settings):\n\(settings)); "
                                  + "--resume needs the same --pipeline, --objective, --seed and --epochs")
            }
            return manager.fileExists(atPath: directory.trials) ? try TrialTable.read(directory.trials, space: space) : []
        }
        if let contents = try? manager.contentsOfDirectory(atPath: output), !contents.isEmpty {
            throw SearchError("\(output) is not empty: pass --resume to continue the search there, or choose another --output")
        }
        try manager.createDirectory(atPath: output, withIntermediateDirectories: true)
        try Data(space.text.utf8).write(to: URL(fileURLWithPath: directory.space), options: .atomic)
        try Data(settingsText.utf8).write(to: URL(fileURLWithPath: directory.settings), options: .atomic)
        return []
    }
}

import ArgumentParser
import Foundation
import SmithySearch

/// `smithy search`: architecture search over a pipeline's options (see docs/search.md).
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search a space of pipeline options: quasi-random then TPE proposals, trials as child processes, median-rule pruning.",
        discussion: """
            Each trial trains with `smithy translate train` (translation) or `smithy pretrain` + `smithy finetune` (gene) \
            in DIR/trials/NNNN (config.toml, log.txt, run). DIR receives trials.csv (rewritten after every trial), best.toml \
            (the base configuration with the best trial's values) and report.html. Every input is checked before the first \
            trial. Ctrl-C (or SIGTERM) stops the running trials; --resume continues without repeating finished ones.
            """)

    @Option(help: "Search-space file (TOML, see docs/search.md).") var space: String
    @Option(help: "Pipeline the trials train: translation or gene (must agree with the space file).") var pipeline: String
    @Option(help: "Trials in total (finished trials of a resumed search count).") var trials: Int
    @Option(help: "Trials running at the same time.") var parallel = 1
    @Option(help: "Threads per trial (default: cores / --parallel).") var threads: Int?
    @Option(help: "Training epochs of every trial (gene: fine-tuning epochs), overriding the configuration.") var epochs: Int?
    @Option(help: "Objective, overriding the space file's (translation: valid_bleu, valid_loss; gene: accuracy, macro_f1, loss).")
    var objective: String?
    @Option(help: "Seed of the proposals (the same seed proposes the same sequence).") var seed: UInt64 = 0
    @Option(help: "Output folder (must be empty or absent unless --resume).") var output: String
    @Flag(help: "Continue the interrupted search in --output.") var resume = false

    func validate() throws {
        guard SearchPipelineKind(rawValue: pipeline) != nil else {
            throw ValidationError("--pipeline must be one of \(SearchPipelineKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(pipeline)'.")
        }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1.") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1.") }
    }

    func run() throws {
        let request = SearchRequest(spaceFile: space, pipeline: SearchPipelineKind(rawValue: pipeline)!, trials: trials, parallel: parallel,
                                    threads: threads, epochs: epochs, objective: objective, seed: seed, output: output, resume: resume)
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("[search] " + $0 + "\n").utf8)) }
        let search = try request.makeSearch(executable: ProcessTrialRunner.currentExecutable, log: log)
        search.log = log
        StopRequest.install()
        search.interrupted = { StopRequest.isRequested }
        guard try search.run() else { throw ExitCode(130) }
        if let best = search.best {
            log("best: trial \(best.index), \(search.space.objective.name) \(best.objective!); wrote \(search.directory.best)")
        } else {
            log("no trial completed; see \(search.directory.trials)")
        }
        print(search.directory.report)
    }
}

/// Turns SIGINT and SIGTERM into a flag the search polls, so it can stop its trials and record them.
/// A caught signal (unlike an ignored one) is reset to its default in the children at exec, so the
/// trials still stop on the SIGTERM the search sends them.
private enum StopRequest {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] { signal(signalNumber) { _ in StopRequest.requested = 1 } }
    }

    static var isRequested: Bool { requested != 0 }
}

import SmithyPipeline

/// What a trial is given: its number, parameters, merged configuration and folder.
public struct TrialLaunch: Sendable {
    public let index: Int
    public let parameters: ParameterAssignment
    /// The base configuration with the trial's values written in.
    public let configuration: TOMLTable
    /// `DIR/trials/NNNN`.
    public let directory: String
}

/// How a trial ended, as its runner saw it (pruning is decided by the search, not the runner).
public enum TrialEnd: Equatable, Sendable {
    /// The trial ran to the end.
    case exited
    /// The trial crashed; the message says how (exit status and the log's last lines).
    case crashed(String)
}

/// Trains trials: `ProcessTrialRunner` runs each as a `smithy` child process; an in-process
/// evaluator (e.g. a synthetic objective in tests) is another implementation.
public protocol TrialRunner {
    /// Starts `launch`; the search polls the returned trial until it ends.
    func start(_ launch: TrialLaunch) throws -> RunningTrial
    /// The per-epoch objective values a trial of an earlier session left in `directory` (for pruning after --resume).
    func recordedValues(in directory: String) -> [Double]
}

/// A trial in progress.
public protocol RunningTrial: AnyObject {
    /// The objective's value after each finished epoch so far.
    func epochValues() -> [Double]
    /// nil while it runs; how it ended once it has.
    func poll() -> TrialEnd?
    /// Asks it to stop (the search pruned it) and waits until it has.
    func stop()
}

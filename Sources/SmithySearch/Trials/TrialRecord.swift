import SmithyPipeline

/// One trial of a search as trials.csv records it.
public struct TrialRecord: Equatable, Sendable {
    public enum Status: String, Sendable {
        /// Trained every epoch; `objective` is its best epoch's value.
        case completed
        /// Stopped early by the median rule; `objective` is its best value before it was stopped.
        case pruned
        /// Crashed, produced no metrics or a non-finite objective; `error` says why.
        case failed
        /// Started and not finished (a search interrupted at this point reruns it on --resume).
        case running
    }

    /// 0-based; trial directories are numbered from it (`trials/0000`).
    public let index: Int
    public var status: Status
    public var objective: Double?
    public var seconds: Double
    /// Epochs with metrics.
    public var epochs: Int
    /// The active parameters' values.
    public let parameters: ParameterAssignment
    public var error: String

    public init(index: Int, status: Status, objective: Double? = nil, seconds: Double = 0, epochs: Int = 0,
                parameters: ParameterAssignment, error: String = "") {
        self.index = index
        self.status = status
        self.objective = objective
        self.seconds = seconds
        self.epochs = epochs
        self.parameters = parameters
        self.error = error
    }

    /// Whether the trial ended (completed, pruned or failed).
    public var isFinished: Bool { status != .running }
}

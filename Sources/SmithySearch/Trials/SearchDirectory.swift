import Foundation

/// The files of a search's output folder.
public struct SearchDirectory: Sendable {
    public let path: String

    public init(_ path: String) { self.path = path }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    /// One row per trial.
    public var trials: String { file("trials.csv") }
    /// The base configuration with the best trial's values.
    public var best: String { file("best.toml") }
    public var report: String { file("report.html") }
    /// A copy of the space file; --resume refuses a changed one.
    public var space: String { file("space.toml") }
    /// The search's settings (pipeline, objective, seed, epochs); --resume refuses changed ones.
    public var settings: String { file("search-settings.txt") }
    /// Output of the one-off preparation commands.
    public var preparationLog: String { file("prepare.log") }
    /// `trials/NNNN`.
    public func trial(_ index: Int) -> String { file("trials/" + String(format: "%04d", index)) }
}

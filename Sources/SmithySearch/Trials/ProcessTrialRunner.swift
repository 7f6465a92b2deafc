import Foundation

/// Runs each trial as `smithy` child processes (the recipe's commands, one after another) with the
/// trial's configuration in `TRIAL/config.toml` and their output in `TRIAL/log.txt`.
public struct ProcessTrialRunner: TrialRunner {
    /// The `smithy` executable the children run.
    public let executable: String
    public let recipe: TrialRecipe
    public let searchDirectory: String
    /// Threads each trial's process uses.
    public let threads: Int
    /// Overrides the training epochs of every trial.
    public let epochs: Int?
    public let objectiveColumn: String

    public init(executable: String, recipe: TrialRecipe, searchDirectory: String, threads: Int, epochs: Int?, objectiveColumn: String) {
        self.executable = executable
        self.recipe = recipe
        self.searchDirectory = searchDirectory
        self.threads = threads
        self.epochs = epochs
        self.objectiveColumn = objectiveColumn
    }

    /// The running executable's path (`/proc/self/exe` where there is one, else argv[0] resolved).
    public static var currentExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    public func start(_ launch: TrialLaunch) throws -> RunningTrial {
        let configurationFile = (launch.directory as NSString).appendingPathComponent("config.toml")
        let commands = recipe.commands(configurationFile: configurationFile, trialDirectory: launch.directory,
                                       searchDirectory: searchDirectory, threads: threads, epochs: epochs)
        let log = (launch.directory as NSString).appendingPathComponent("log.txt")
        return try ProcessTrial(executable: executable, commands: commands, log: log,
                                metrics: recipe.metricsFile(trialDirectory: launch.directory), column: objectiveColumn)
    }

    public func recordedValues(in directory: String) -> [Double] {
        MetricsColumn.values(objectiveColumn, inFile: recipe.metricsFile(trialDirectory: directory))
    }

    /// Runs `arguments` with the executable to the end, output appended to `log`; throws with the log's tail if it fails.
    public func runToEnd(_ arguments: [String], log: String) throws {
        let trial = try ProcessTrial(executable: executable, commands: [arguments], log: log, metrics: "", column: "")
        while true {
            if let end = trial.poll() {
                if case .crashed(let message) = end { throw SearchError("`smithy \(arguments.joined(separator: " "))` failed: \(message)") }
                return
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}

/// A trial's commands running one after another as child processes.
final class ProcessTrial: RunningTrial {
    private let executable: String
    private var remaining: [[String]]
    private let logPath: String
    private let log: FileHandle
    private let metrics: String
    private let column: String
    private var current: Process?

    init(executable: String, commands: [[String]], log: String, metrics: String, column: String) throws {
        self.executable = executable
        remaining = commands
        logPath = log
        self.metrics = metrics
        self.column = column
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: log) else { throw SearchError("\(log): cannot be written") }
        handle.seekToEndOfFile()
        self.log = handle
        try launchNext()
    }

    deinit { try? log.close() }

    func epochValues() -> [Double] { MetricsColumn.values(column, inFile: metrics) }

    func poll() -> TrialEnd? {
        guard let process = current else { return .exited }
        if process.isRunning { return nil }
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            current = nil
            let how = process.terminationReason == .exit ? "exit status \(process.terminationStatus)" : "killed by signal \(process.terminationStatus)"
            return .crashed("\(how); \(tail())")
        }
        do {
            try launchNext()
        } catch {
            current = nil
            return .crashed("\(error)")
        }
        return current == nil ? .exited : nil
    }

    func stop() {
        guard let process = current else { return }
        remaining = []
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    private func launchNext() throws {
        guard !remaining.isEmpty else { current = nil; return }
        let arguments = remaining.removeFirst()
        log.write(Data("$ smithy \(arguments.joined(separator: " "))\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        try process.run()
        current = process
    }

    /// The log's last lines, for the error column.
    private func tail(lines: Int = 3) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        // Progress bars redraw with carriage returns; keep what a terminal would show.
        let shown = text.split(separator: "\n").map { $0.split(separator: "\r").last.map(String.init) ?? "" }.filter { !$0.isEmpty }
        return shown.suffix(lines).joined(separator: " | ")
    }
}

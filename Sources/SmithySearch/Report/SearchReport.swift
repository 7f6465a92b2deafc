import Foundation
import SmithyPipeline

/// report.html of a search: the objective per trial with the best so far, the trials table, and
/// each parameter's effect (mean, min and max objective per value of a boolean or categorical
/// parameter; objective against value for a numeric one).
public struct SearchReport {
    public let space: SearchSpace
    public let trials: [TrialRecord]

    public init(space: SearchSpace, trials: [TrialRecord]) {
        self.space = space
        self.trials = trials
    }

    /// The report's HTML.
    public func html() -> String {
        let objective = space.objective
        let scored = trials.filter { ($0.status == .completed || $0.status == .pruned) && $0.objective != nil }
        var report = HTMLReport(title: "Search: \(space.file)")
        let counts = Dictionary(grouping: trials, by: \.status).mapValues(\.count)
        let summary = [TrialRecord.Status.completed, .pruned, .failed, .running].map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        report.addSection("Summary", html: "<p>\(escapeHTML("\(trials.count) trials (\(summary)); \(objective.name), \(objective.maximize ? "higher" : "lower") is better; pipeline \(space.pipeline.rawValue), base configuration \(space.baseConfiguration)."))</p>")

        let completed = scored.filter { $0.status == .completed }
        var bestSoFar: [(x: Double, y: Double)] = []
        for record in completed {
            let previous = bestSoFar.last?.y
            let value = previous.map { objective.isBetter(record.objective!, than: $0) ? record.objective! : $0 } ?? record.objective!
            bestSoFar.append((Double(record.index), value))
        }
        report.addSection("Objective over trials", html: LineChart(
            title: "\(objective.name) per trial", xLabel: "trial", yLabel: objective.name,
            series: [.init(name: "completed", points: completed.map { (Double($0.index), $0.objective!) }, connected: false),
                     .init(name: "best so far", points: bestSoFar),
                     .init(name: "pruned (at stop)", points: scored.filter { $0.status == .pruned }.map { (Double($0.index), $0.objective!) },
                           connected: false)]).svg())

        for parameter in space.parameters {
            let observed = completed.compactMap { record in record.parameters[parameter.name].map { ($0, record.objective!) } }
            if let choices = parameter.domain.choices {
                var rows = [["value", "trials", "mean", "min", "max"]]
                var bars: [(label: String, value: Double)] = []
                for choice in choices {
                    let values = observed.filter { $0.0 == choice }.map(\.1)
                    let label = ParameterDomain.text(of: choice)
                    guard !values.isEmpty else { rows.append([label, "0", "", "", ""]); continue }
                    let mean = values.reduce(0, +) / Double(values.count)
                    rows.append([label, String(values.count), format(mean), format(values.min()!), format(values.max()!)])
                    bars.append((label, mean))
                }
                report.addTable("\(parameter.name) (\(parameter.option)): \(objective.name) per value", rows: rows)
                if !bars.isEmpty { report.addSection("\(parameter.name): mean \(objective.name)", html: BarChart(title: "mean \(objective.name) by \(parameter.name)", bars: bars).svg()) }
            } else {
                let points = observed.compactMap { value, score in value.number.map { (x: $0, y: score) } }
                report.addSection("\(parameter.name) (\(parameter.option)): \(objective.name) against value", html: LineChart(
                    title: "\(objective.name) against \(parameter.name)", xLabel: parameter.name, yLabel: objective.name,
                    series: [.init(name: "completed trials", points: points, connected: false)]).svg())
            }
        }
        report.addText("Trials (trials.csv)", text: TrialTable.text(trials, space: space))
        report.addText("Search space (\(space.file))", text: space.text)
        return report.render()
    }

    /// Writes the report to `path` atomically.
    public func write(to path: String) throws {
        try Data(html().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func format(_ value: Double) -> String { String(format: "%.4g", value) }
}

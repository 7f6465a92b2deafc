/// What a search optimises: one column of the trial run's per-epoch metrics.csv, and whether higher is better.
public struct SearchObjective: Equatable, Sendable {
    /// The objective's name in the space file and trials.csv (`valid_bleu`, `macro_f1`, ...).
    public let name: String
    /// The metrics.csv column holding its value per epoch.
    public let column: String
    public let maximize: Bool

    /// The objectives of `pipeline`: name, metrics column, and whether higher is better.
    public static func known(for pipeline: SearchPipelineKind) -> [SearchObjective] {
        switch pipeline {
        case .translation:
            return [.init(name: "valid_bleu", column: "valid_bleu", maximize: true), .init(name: "valid_loss", column: "valid_loss", maximize: false)]
        case .gene:
            return [.init(name: "accuracy", column: "accuracy", maximize: true), .init(name: "macro_f1", column: "macro_f1", maximize: true),
                    .init(name: "loss", column: "validation_loss", maximize: false)]
        }
    }

    /// The objective `name` of `pipeline`, or nil when the pipeline has none of that name.
    public static func named(_ name: String, pipeline: SearchPipelineKind) -> SearchObjective? {
        known(for: pipeline).first { $0.name == name }
    }

    private init(name: String, column: String, maximize: Bool) {
        self.name = name
        self.column = column
        self.maximize = maximize
    }

    /// Whether `a` is strictly better than `b` (a non-finite value is never better).
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        guard a.isFinite else { return false }
        guard b.isFinite else { return true }
        return maximize ? a > b : a < b
    }

    /// The best of `values` (nil when none is finite).
    public func best(of values: [Double]) -> Double? {
        values.filter(\.isFinite).reduce(nil as Double?) { best, value in best.map { isBetter(value, than: $0) ? value : $0 } ?? value }
    }
}

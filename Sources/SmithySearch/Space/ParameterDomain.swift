import Foundation
import SmithyPipeline

/// The values one search parameter can take.
public enum ParameterDomain: Equatable, Sendable {
    case boolean
    /// One of a list of TOML values (strings, numbers or booleans).
    case categorical([TOMLValue])
    /// Integers in `low...high` (multiples of `step` from `low`); `logScale` samples log(value) uniformly.
    case integer(low: Int, high: Int, step: Int, logScale: Bool)
    /// Numbers in `low...high` (rounded to multiples of `step` from `low` when given); `logScale`
    /// samples log(value) uniformly.
    case float(low: Double, high: Double, step: Double?, logScale: Bool)

    /// The choices of a boolean or categorical domain; nil for numeric ones.
    public var choices: [TOMLValue]? {
        switch self {
        case .boolean: return [.boolean(false), .boolean(true)]
        case .categorical(let choices): return choices
        case .integer, .float: return nil
        }
    }

    /// Whether `value` is one of the domain's values.
    public func contains(_ value: TOMLValue) -> Bool {
        switch self {
        case .boolean, .categorical: return choices!.contains(value)
        case .integer(let low, let high, let step, _):
            guard let number = value.integer else { return false }
            return number >= low && number <= high && (number - low) % step == 0
        case .float(let low, let high, _, _):
            guard let number = value.number else { return false }
            return number >= low && number <= high
        }
    }

    /// The numeric range in the space the sampler models (log space for `logScale`); nil for choices.
    var internalRange: ClosedRange<Double>? {
        switch self {
        case .boolean, .categorical: return nil
        case .integer(let low, let high, _, let logScale):
            let (lower, upper) = (Double(low) - 0.5, Double(high) + 0.5)
            return logScale ? log(lower)...log(upper) : lower...upper
        case .float(let low, let high, _, let logScale):
            return logScale ? log(low)...log(high) : low...high
        }
    }

    /// The value at `internal` (a point of `internalRange`), rounded to the domain's grid.
    func value(atInternal point: Double) -> TOMLValue {
        switch self {
        case .boolean, .categorical: preconditionFailure("ParameterDomain: choices have no internal coordinate")
        case .integer(let low, let high, let step, let logScale):
            let raw = logScale ? exp(point) : point
            let steps = ((raw - Double(low)) / Double(step)).rounded()
            return .integer(min(high, max(low, low + Int(steps) * step)))
        case .float(let low, let high, let step, let logScale):
            var raw = logScale ? exp(point) : point
            if let step { raw = low + ((raw - low) / step).rounded() * step }
            return .float(min(high, max(low, raw)))
        }
    }

    /// The internal coordinate of a numeric `value`.
    func internalCoordinate(of value: TOMLValue) -> Double? {
        guard let number = value.number else { return nil }
        switch self {
        case .integer(_, _, _, true), .float(_, _, _, true): return log(number)
        default: return number
        }
    }

    /// The value at `unit` ∈ [0, 1): a quasi-random coordinate spread uniformly over the domain
    /// (log-uniformly on a log scale).
    public func value(atUnit unit: Double) -> TOMLValue {
        if let choices { return choices[min(choices.count - 1, Int(unit * Double(choices.count)))] }
        let range = internalRange!
        return value(atInternal: range.lowerBound + unit * (range.upperBound - range.lowerBound))
    }

    /// The domain value written in `text` (a trials.csv cell), or nil when it is not one.
    public func parse(_ text: String) -> TOMLValue? {
        let value: TOMLValue?
        switch self {
        case .boolean: value = Bool(text).map(TOMLValue.boolean)
        case .categorical(let choices): value = choices.first { ParameterDomain.text(of: $0) == text }
        case .integer: value = Int(text).map(TOMLValue.integer)
        case .float: value = Double(text).map(TOMLValue.float)
        }
        return value.flatMap { contains($0) ? $0 : nil }
    }

    /// How a value is written in trials.csv and reports (strings without quotes).
    public static func text(of value: TOMLValue) -> String {
        if case .string(let text) = value { return text }
        return TOMLWriter.literal(value)
    }
}

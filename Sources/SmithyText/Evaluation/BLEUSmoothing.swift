import Foundation

/// sacreBLEU's smoothing methods for zero n-gram matches (Chen & Cherry 2014).
public enum BLEUSmoothing: Equatable, Sendable {
    /// Method 3, NIST / mteval-v13a: the k-th zero-match order gets precision 1/(2^k · total). sacreBLEU's default.
    case exp
    /// Method 1: a zero-match order gets `value`/total (sacreBLEU's default value 0.1).
    case floor(Double = 0.1)
    /// Method 2: `value` is added to matches and totals of orders 2 and up (sacreBLEU's default value 1).
    case addK(Double = 1)
    /// No smoothing: any zero-match order makes the score 0.
    case none

    /// Parses sacreBLEU's method names (`exp`, `floor`, `add-k`, `none`); `value` nil takes the method's default.
    public init?(method: String, value: Double? = nil) {
        switch method {
        case "exp": self = .exp
        case "floor": self = value.map { .floor($0) } ?? .floor()
        case "add-k": self = value.map { .addK($0) } ?? .addK()
        case "none": self = .none
        default: return nil
        }
    }

    /// The signature field, e.g. `exp` or `floor[0.10]`.
    public var signature: String {
        switch self {
        case .exp: return "exp"
        case let .floor(value): return "floor[\(String(format: "%.2f", value))]"
        case let .addK(value): return "add-k[\(String(format: "%.2f", value))]"
        case .none: return "none"
        }
    }
}

/// One per-cell (or per-gene) metadata column: categorical columns arrive already decoded as strings.
public enum CellColumn: Equatable {
    case strings([String])
    case numbers([Double])

    /// The number of entries.
    public var count: Int {
        switch self {
        case .strings(let values): return values.count
        case .numbers(let values): return values.count
        }
    }

    /// The values as text (numbers printed without a trailing `.0` when integral).
    public var strings: [String] {
        switch self {
        case .strings(let values): return values
        case .numbers(let values):
            return values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) }
        }
    }
}

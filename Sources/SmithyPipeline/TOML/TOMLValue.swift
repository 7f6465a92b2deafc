/// A value of a TOML document.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The value as a string, if it is one.
    public var string: String? { if case .string(let value) = self { return value } else { return nil } }
    /// The value as an integer, if it is one.
    public var integer: Int? { if case .integer(let value) = self { return value } else { return nil } }
    /// The value as a Double (integers convert), if it is a number.
    public var number: Double? {
        switch self {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
    /// The value as a Bool, if it is one.
    public var boolean: Bool? { if case .boolean(let value) = self { return value } else { return nil } }
    /// The value as an array, if it is one.
    public var array: [TOMLValue]? { if case .array(let value) = self { return value } else { return nil } }
    /// The value as a table, if it is one.
    public var table: TOMLTable? { if case .table(let value) = self { return value } else { return nil } }

    /// What kind of value this is, for error messages.
    public var kind: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A TOML table: keys in the order they were written, with their values.
public struct TOMLTable: Equatable, Sendable {
    /// Keys in document order.
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }
}

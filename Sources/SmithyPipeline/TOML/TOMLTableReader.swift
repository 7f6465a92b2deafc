/// Typed, checked access to one table of a configuration file: each getter returns nil for an
/// absent key and throws (naming the file, the key and what was expected) for a value of the wrong
/// kind; `rejectUnknownKeys` turns any key no getter was meant to read into an error.
public struct TOMLTableReader: Sendable {
    public let table: TOMLTable
    /// The file the table came from, for errors.
    public let file: String
    /// The table's dotted name ("model.positional"), empty for the document root.
    public let name: String

    public init(_ table: TOMLTable, file: String, name: String = "") {
        self.table = table
        self.file = file
        self.name = name
    }

    /// The full dotted name of `key` in this table.
    public func qualified(_ key: String) -> String { name.isEmpty ? key : "\(name).\(key)" }

    /// An error about `key` in this table.
    public func error(_ key: String, _ message: String) -> TOMLError {
        TOMLError(file: file, line: 0, "key '\(qualified(key))': \(message)")
    }

    public func integer(_ key: String) throws -> Int? {
        try typed(key, "an integer") { $0.integer }
    }

    /// A float; integers are accepted too.
    public func number(_ key: String) throws -> Double? {
        try typed(key, "a number") { $0.number }
    }

    public func boolean(_ key: String) throws -> Bool? {
        try typed(key, "a boolean (true or false)") { $0.boolean }
    }

    public func string(_ key: String) throws -> String? {
        try typed(key, "a string") { $0.string }
    }

    /// A string that must be the raw value of one of `cases`.
    public func choice<Choice: RawRepresentable>(_ key: String, of cases: [Choice]) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            throw error(key, "'\(text)' is not one of \(cases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        return value
    }

    /// A sub-table.
    public func table(_ key: String) throws -> TOMLTableReader? {
        try typed(key, "a table") { $0.table }.map { TOMLTableReader($0, file: file, name: qualified(key)) }
    }

    /// Throws for the first key of the table that is not in `known`, listing the known ones.
    public func rejectUnknownKeys(_ known: [String]) throws {
        for key in table.keys where !known.contains(key) {
            throw error(key, "unknown key (known keys here: \(known.joined(separator: ", ")))")
        }
    }

    private func typed<Value>(_ key: String, _ expected: String, _ convert: (TOMLValue) -> Value?) throws -> Value? {
        guard let value = table[key] else { return nil }
        guard let converted = convert(value) else { throw error(key, "expected \(expected), found \(value.kind)") }
        return converted
    }
}

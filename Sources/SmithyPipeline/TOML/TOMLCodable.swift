import Foundation

/// Codable settings ↔ TOML tables: a configuration file's table is laid over a value's defaults
/// (every key checked), and a value is written back as TOML (e.g. the resolved configuration of a run).
///
/// TOML keys are the snake_case forms of the type's coding keys (`modelDimension` → `model_dimension`).
public enum TOMLCodable {
    /// `defaults` with the keys of `table` replaced. `template` (default: `defaults`) lists the keys
    /// allowed, including optional sub-tables absent from `defaults`; a sub-table absent from
    /// `defaults` starts from the template's values. An unknown key or a wrongly typed value is a
    /// `TOMLError` naming `file`, the key (as `location.key`) and what was expected.
    public static func overlay<T: Codable>(_ table: TOMLTable, on defaults: T, template: T? = nil,
                                           file: String, location: String) throws -> T {
        let base = try tomlTable(of: defaults)
        let allowed = try tomlTable(of: template ?? defaults)
        let merged = try merge(table, onto: base, allowed: allowed, file: file, location: location)
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(TOMLValue.table(camelCased(merged))))
        } catch let DecodingError.typeMismatch(type, context) {
            throw TOMLError(file: file, line: 0, "\(path(location, context.codingPath)): expected \(describe(type))")
        } catch let DecodingError.dataCorrupted(context) {
            throw TOMLError(file: file, line: 0, "\(path(location, context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw TOMLError(file: file, line: 0, "\(path(location, context.codingPath + [key])) is required")
        }
    }

    /// `value` as TOML text: its scalar and array keys under `[header]`, then each sub-table as
    /// `[header.key]`; keys sorted, snake_case.
    public static func render<T: Encodable>(_ value: T, header: String) throws -> String {
        TOMLWriter.section(try tomlTable(of: value), header: header)
    }

    /// The snake_case form of a camelCase key (`t5Bias` → `t5_bias`, `paddingTokenID` → `padding_token_id`).
    public static func snakeCase(_ key: String) -> String {
        var result = ""
        let characters = Array(key)
        for (index, character) in characters.enumerated() {
            let previousIsLower = index > 0 && (characters[index - 1].isLowercase || characters[index - 1].isNumber)
            let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
            if character.isUppercase && index > 0 && (previousIsLower || (nextIsLower && characters[index - 1].isUppercase)) {
                result.append("_")
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }

    /// The value's keyed contents as a table with snake_case keys.
    private static func tomlTable<T: Encodable>(of value: T) throws -> TOMLTable {
        let decoded = try JSONDecoder().decode(TOMLValue.self, from: JSONEncoder().encode(value))
        guard case .table(let table) = decoded else { preconditionFailure("TOMLCodable: \(T.self) does not encode as a keyed container") }
        return snakeCased(table)
    }

    private static func merge(_ table: TOMLTable, onto base: TOMLTable, allowed: TOMLTable,
                              file: String, location: String) throws -> TOMLTable {
        var result = base
        for key in table.keys {
            let value = table[key]!
            guard let expected = allowed[key] else {
                throw TOMLError(file: file, line: 0, "unknown key '\(location).\(key)' (known keys: \(allowed.keys.sorted().joined(separator: ", ")))")
            }
            if case .table(let subAllowed) = expected {
                guard case .table(let sub) = value else {
                    throw TOMLError(file: file, line: 0, "\(location).\(key): expected a table, found \(value.kind)")
                }
                result[key] = .table(try merge(sub, onto: base[key]?.table ?? subAllowed, allowed: subAllowed,
                                               file: file, location: "\(location).\(key)"))
            } else {
                result[key] = value
            }
        }
        return result
    }

    private static func snakeCased(_ table: TOMLTable) -> TOMLTable {
        var result = TOMLTable()
        for key in table.keys { result[snakeCase(key)] = table[key]!.table.map { .table(snakeCased($0)) } ?? table[key]! }
        return result
    }

    private static func camelCased(_ table: TOMLTable) -> TOMLTable {
        var result = TOMLTable()
        for key in table.keys {
            let parts = key.split(separator: "_")
            var camel = String(parts.first ?? "")
            for part in parts.dropFirst() {
                camel += part == "id" ? "ID" : part.prefix(1).uppercased() + part.dropFirst()
            }
            result[camel] = table[key]!.table.map { .table(camelCased($0)) } ?? table[key]!
        }
        return result
    }

    private static func path(_ location: String, _ codingPath: [CodingKey]) -> String {
        ([location] + codingPath.map { snakeCase($0.stringValue) }).joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "a boolean"
        case is Int.Type: return "an integer"
        case is Float.Type, is Double.Type: return "a number"
        case is String.Type: return "a string"
        default: return "a value of type \(type)"
        }
    }
}

extension TOMLValue: Codable {
    public init(from decoder: Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: TOMLKey.self) {
            var table = TOMLTable()
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                table[key.stringValue] = try keyed.decode(TOMLValue.self, forKey: key)
            }
            self = .table(table)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [TOMLValue] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(TOMLValue.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if let flag = try? single.decode(Bool.self) { self = .boolean(flag) }
            else if let number = try? single.decode(Int.self) { self = .integer(number) }
            else if let number = try? single.decode(Double.self) { self = .float(number) }
            else { self = .string(try single.decode(String.self)) }
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .string(let text): var single = encoder.singleValueContainer(); try single.encode(text)
        case .integer(let number): var single = encoder.singleValueContainer(); try single.encode(number)
        case .float(let number): var single = encoder.singleValueContainer(); try single.encode(number)
        case .boolean(let flag): var single = encoder.singleValueContainer(); try single.encode(flag)
        case .array(let items):
            var unkeyed = encoder.unkeyedContainer()
            for item in items { try unkeyed.encode(item) }
        case .table(let table):
            var keyed = encoder.container(keyedBy: TOMLKey.self)
            for key in table.keys { try keyed.encode(table[key]!, forKey: TOMLKey(stringValue: key)) }
        }
    }
}

/// A dynamic coding key for TOML tables.
private struct TOMLKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// TOML text from parsed tables: what `TOMLParser` reads back to the same table.
public enum TOMLWriter {
    /// A whole document: the root's scalar and array keys first, then each sub-table as `[key]`
    /// (nested ones as `[key.sub]`), keys in the table's order.
    public static func document(_ table: TOMLTable) -> String {
        var text = ""
        for key in table.keys where table[key]!.table == nil { text += "\(bareOrQuoted(key)) = \(literal(table[key]!))\n" }
        for key in table.keys {
            if let sub = table[key]!.table { text += (text.isEmpty ? "" : "\n") + section(sub, header: bareOrQuoted(key), sortedKeys: false) }
        }
        return text
    }

    /// `table` under `[header]`: its scalar and array keys, then each sub-table as `[header.key]`;
    /// keys sorted when `sortedKeys`, otherwise in the table's order.
    public static func section(_ table: TOMLTable, header: String, sortedKeys: Bool = true) -> String {
        let keys = sortedKeys ? table.keys.sorted() : table.keys
        var text = "[\(header)]\n"
        for key in keys where table[key]!.table == nil { text += "\(bareOrQuoted(key)) = \(literal(table[key]!))\n" }
        for key in keys {
            if let sub = table[key]!.table { text += "\n" + section(sub, header: "\(header).\(bareOrQuoted(key))", sortedKeys: sortedKeys) }
        }
        return text
    }

    /// A value as a TOML literal (tables inline).
    public static func literal(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text):
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .integer(let number): return String(number)
        case .float(let number): return number.isFinite ? "\(number)" : (number.isNaN ? "nan" : (number > 0 ? "inf" : "-inf"))
        case .boolean(let flag): return String(flag)
        case .array(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case .table(let table): return "{ " + table.keys.map { "\(bareOrQuoted($0)) = \(literal(table[$0]!))" }.joined(separator: ", ") + " }"
        }
    }

    private static func bareOrQuoted(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        return bare ? key : literal(.string(key))
    }
}

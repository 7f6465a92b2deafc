import Foundation

/// A parser for the TOML subset the pipeline and search-space files use: comments, `[table]` and
/// `[dotted.table]` headers, `[[array.of.tables]]`, `key = value` with bare, quoted or dotted keys,
/// basic and literal strings, integers (with `_`), floats (incl. exponents, inf, nan), booleans,
/// arrays (multi-line, trailing comma) and inline tables. Dates and multi-line strings are not
/// supported and are reported as errors.
public struct TOMLParser {
    /// Parses `text`; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> TOMLTable {
        var parser = TOMLParser(text: text, file: file)
        return try parser.document()
    }

    /// Reads and parses a file.
    public static func parse(contentsOf path: String) throws -> TOMLTable {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TOMLError(file: path, line: 0, "cannot be read as UTF-8 text")
        }
        return try parse(text, file: path)
    }

    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1

    private init(text: String, file: String) {
        scalars = Array(text.unicodeScalars)
        self.file = file
    }

    private func error(_ message: String) -> TOMLError { TOMLError(file: file, line: line, message) }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func advance() {
        if current == "\n" { line += 1 }
        index += 1
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { advance() }
    }

    /// Skips spaces, comments and newlines.
    private mutating func skipBlank() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
            else if c == "#" { while let d = current, d != "\n" { advance() } }
            else { break }
        }
    }

    private mutating func expectLineEnd() throws {
        skipSpaces()
        if current == "#" { while let c = current, c != "\n" { advance() } }
        if current == "\r" { advance() }
        guard current == nil || current == "\n" else { throw error("expected the end of the line, found '\(current!)'") }
    }

    private mutating func document() throws -> TOMLTable {
        var root = TOMLTable()
        var path: [String] = []
        var explicitTables: Set<[String]> = []
        while true {
            skipBlank()
            guard let c = current else { break }
            if c == "[" {
                advance()
                let isArray = current == "["
                if isArray { advance() }
                skipSpaces()
                path = try key()
                skipSpaces()
                guard current == "]" else { throw error("expected ']' after the table name") }
                advance()
                if isArray {
                    guard current == "]" else { throw error("expected ']]' after the array-of-tables name") }
                    advance()
                    try appendTable(to: &root, path: path)
                    // Sub-tables named after this point belong to the new element, not the previous one.
                    explicitTables = explicitTables.filter { !($0.count > path.count && $0.starts(with: path)) }
                } else {
                    guard explicitTables.insert(path).inserted else {
                        throw error("table [\(path.joined(separator: "."))] is defined twice")
                    }
                    try ensureTable(in: &root, path: path)
                }
                try expectLineEnd()
            } else {
                let keyPath = try key()
                skipSpaces()
                guard current == "=" else { throw error("expected '=' after key '\(keyPath.joined(separator: "."))'") }
                advance()
                skipSpaces()
                let value = try self.value()
                try insert(value, at: path + keyPath, in: &root, arrayTables: true)
                try expectLineEnd()
            }
        }
        return root
    }

    private mutating func key() throws -> [String] {
        var parts: [String] = []
        repeat {
            skipSpaces()
            if current == "\"" || current == "'" {
                parts.append(try string())
            } else {
                var bare = ""
                while let c = current, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
                    bare.unicodeScalars.append(c)
                    advance()
                }
                guard !bare.isEmpty else { throw error("expected a key") }
                parts.append(bare)
            }
            skipSpaces()
            guard current == "." else { break }
            advance()
        } while true
        return parts
    }

    private mutating func value() throws -> TOMLValue {
        guard let c = current else { throw error("expected a value, found the end of the file") }
        switch c {
        case "\"", "'": return .string(try string())
        case "[": return try array()
        case "{": return try inlineTable()
        case "t", "f":
            var word = ""
            while let d = current, d.properties.isAlphabetic { word.unicodeScalars.append(d); advance() }
            guard word == "true" || word == "false" else { throw error("expected true or false, found '\(word)'") }
            return .boolean(word == "true")
        default: return try number()
        }
    }

    private mutating func number() throws -> TOMLValue {
        var text = ""
        while let c = current, !" \t\r\n,]}#".unicodeScalars.contains(c) { text.unicodeScalars.append(c); advance() }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        if let integer = Int(cleaned) { return .integer(integer) }
        switch cleaned {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let float = Double(cleaned), cleaned.first != ".", cleaned.last != "." { return .float(float) }
        throw error("'\(text)' is not a valid value (expected a string, number, boolean, array or table; dates are not supported)")
    }

    private mutating func string() throws -> String {
        let quote = current!
        advance()
        if current == quote, index + 1 < scalars.count, scalars[index + 1] == quote {
            throw error("multi-line strings are not supported")
        }
        var result = ""
        while let c = current, c != quote {
            guard c != "\n" else { throw error("unterminated string") }
            if quote == "\"" && c == "\\" {
                advance()
                guard let escaped = current else { break }
                switch escaped {
                case "n": result += "\n"
                case "t": result += "\t"
                case "r": result += "\r"
                case "\\": result += "\\"
                case "\"": result += "\""
                case "u", "U":
                    let digits = escaped == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<digits { advance(); if let h = current { hex.unicodeScalars.append(h) } }
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                        throw error("invalid unicode escape \\\(escaped)\(hex)")
                    }
                    result.unicodeScalars.append(scalar)
                default: throw error("invalid escape \\\(escaped)")
                }
            } else {
                result.unicodeScalars.append(c)
            }
            advance()
        }
        guard current == quote else { throw error("unterminated string") }
        advance()
        return result
    }

    private mutating func array() throws -> TOMLValue {
        advance()
        var items: [TOMLValue] = []
        while true {
            skipBlank()
            if current == "]" { advance(); return .array(items) }
            items.append(try value())
            skipBlank()
            if current == "," { advance(); continue }
            guard current == "]" else { throw error("expected ',' or ']' in an array") }
        }
    }

    private mutating func inlineTable() throws -> TOMLValue {
        advance()
        var table = TOMLTable()
        skipSpaces()
        if current == "}" { advance(); return .table(table) }
        while true {
            skipSpaces()
            let keyPath = try key()
            skipSpaces()
            guard current == "=" else { throw error("expected '=' in an inline table") }
            advance()
            skipSpaces()
            try insert(try value(), at: keyPath, in: &table, arrayTables: false)
            skipSpaces()
            if current == "," { advance(); continue }
            guard current == "}" else { throw error("expected ',' or '}' in an inline table") }
            advance()
            return .table(table)
        }
    }

    // MARK: - Building the tree

    private func insert(_ value: TOMLValue, at path: [String], in table: inout TOMLTable, arrayTables: Bool) throws {
        if path.count == 1 {
            guard table[path[0]] == nil else { throw error("key '\(path[0])' is defined twice") }
            table[path[0]] = value
            return
        }
        var child: TOMLTable
        var isArrayElement = false
        switch table[path[0]] {
        case nil: child = TOMLTable()
        case .table(let existing): child = existing
        case .array(let items) where arrayTables && items.last?.table != nil:
            child = items.last!.table!
            isArrayElement = true
        default: throw error("key '\(path[0])' is not a table")
        }
        try insert(value, at: Array(path.dropFirst()), in: &child, arrayTables: arrayTables)
        if isArrayElement, case .array(var items) = table[path[0]] {
            items[items.count - 1] = .table(child)
            table[path[0]] = .array(items)
        } else {
            table[path[0]] = .table(child)
        }
    }

    private func ensureTable(in root: inout TOMLTable, path: [String]) throws {
        try modifyTable(in: &root, path: path) { _ in }
    }

    private func appendTable(to root: inout TOMLTable, path: [String]) throws {
        try modifyTable(in: &root, path: Array(path.dropLast())) { parent in
            switch parent[path.last!] {
            case nil: parent[path.last!] = .array([.table(TOMLTable())])
            case .array(var items) where items.allSatisfy({ $0.table != nil }):
                items.append(.table(TOMLTable()))
                parent[path.last!] = .array(items)
            default: throw self.error("key '\(path.last!)' is not an array of tables")
            }
        }
    }

    /// Runs `body` on the table at `path` (the last element of arrays of tables), creating tables.
    private func modifyTable(in table: inout TOMLTable, path: [String], _ body: (inout TOMLTable) throws -> Void) throws {
        guard let first = path.first else { return try body(&table) }
        switch table[first] {
        case nil:
            var child = TOMLTable()
            try modifyTable(in: &child, path: Array(path.dropFirst()), body)
            table[first] = .table(child)
        case .table(var child):
            try modifyTable(in: &child, path: Array(path.dropFirst()), body)
            table[first] = .table(child)
        case .array(var items) where items.last?.table != nil:
            var child = items.last!.table!
            try modifyTable(in: &child, path: Array(path.dropFirst()), body)
            items[items.count - 1] = .table(child)
            table[first] = .array(items)
        default:
            throw error("key '\(first)' is not a table")
        }
    }
}

/// A TOML document that could not be parsed, with the file and line.
public struct TOMLError: Error, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    init(file: String, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

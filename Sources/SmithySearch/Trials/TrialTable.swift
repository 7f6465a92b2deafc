import Foundation
import SmithyTensor

/// trials.csv: one row per trial (trial, status, objective, seconds, epochs, one column per
/// parameter, empty when the parameter was inactive, error), rewritten atomically on every change.
public enum TrialTable {
    /// The header row.
    public static func header(_ space: SearchSpace) -> [String] {
        ["trial", "status", space.objective.name, "seconds", "epochs"] + space.parameters.map(\.name) + ["error"]
    }

    /// The CSV text of `records` (sorted by trial).
    public static func text(_ records: [TrialRecord], space: SearchSpace) -> String {
        var lines = [header(space)]
        for record in records.sorted(by: { $0.index < $1.index }) {
            lines.append([String(record.index), record.status.rawValue, record.objective.map { "\($0)" } ?? "",
                          String(format: "%.1f", record.seconds), String(record.epochs)]
                         + space.parameters.map { record.parameters[$0.name].map(ParameterDomain.text) ?? "" } + [record.error])
        }
        return lines.map { $0.map(escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Writes `records` to `path` atomically.
    public static func write(_ records: [TrialRecord], space: SearchSpace, to path: String) throws {
        try AtomicFile.write(Data(text(records, space: space).utf8), to: URL(fileURLWithPath: path))
    }

    /// The records of the trials.csv at `path`, written for `space`.
    /// - Throws: `SearchError` naming the file and row when the header or a value does not fit the space.
    public static func read(_ path: String, space: SearchSpace) throws -> [TrialRecord] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw SearchError("\(path): cannot be read") }
        let rows = parse(text)
        guard rows.first == header(space) else {
            throw SearchError("\(path): expected the header '\(header(space).joined(separator: ","))', found '\(rows.first?.joined(separator: ",") ?? "")'")
        }
        return try rows.dropFirst().enumerated().map { offset, row in
            func fail(_ message: String) -> SearchError { SearchError("\(path): row \(offset + 2): \(message)") }
            guard row.count == header(space).count else { throw fail("expected \(header(space).count) fields, found \(row.count)") }
            guard let index = Int(row[0]), let status = TrialRecord.Status(rawValue: row[1]) else { throw fail("bad trial number or status") }
            var parameters = ParameterAssignment()
            for (offset, parameter) in space.parameters.enumerated() where !row[5 + offset].isEmpty {
                guard let value = parameter.domain.parse(row[5 + offset]) else { throw fail("'\(row[5 + offset])' is not a value of parameter '\(parameter.name)'") }
                parameters[parameter.name] = value
            }
            return TrialRecord(index: index, status: status, objective: Double(row[2]), seconds: Double(row[3]) ?? 0,
                               epochs: Int(row[4]) ?? 0, parameters: parameters, error: row.last!)
        }
    }

    private static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// RFC 4180 fields: quoted fields may hold commas, doubled quotes and newlines.
    private static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" { quoted = true }
            else if character == "," { row.append(field); field = "" }
            else if character == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if character != "\r" { field.append(character) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

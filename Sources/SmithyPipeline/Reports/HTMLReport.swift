import Foundation

/// A self-contained HTML report (inline CSS and SVG, no external resources), built section by
/// section and written atomically.
public struct HTMLReport {
    public let title: String
    private var sections: [(heading: String, body: String)] = []

    public init(title: String) { self.title = title }

    /// Adds a section with already-rendered HTML (e.g. an SVG chart).
    public mutating func addSection(_ heading: String, html: String) {
        sections.append((heading, html))
    }

    /// Adds a section holding a table; the first row is the header.
    public mutating func addTable(_ heading: String, rows: [[String]]) {
        guard let header = rows.first else { return }
        var html = "<table><thead><tr>" + header.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows.dropFirst() {
            html += "<tr>" + row.map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>"
        }
        addSection(heading, html: html + "</tbody></table>")
    }

    /// Adds preformatted text (a configuration file, a log excerpt).
    public mutating func addText(_ heading: String, text: String) {
        addSection(heading, html: "<pre>\(escapeHTML(text))</pre>")
    }

    /// The whole document.
    public func render() -> String {
        let style = """
        body{font-family:system-ui,sans-serif;margin:2em auto;max-width:980px;color:#222}
        h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
        th{background:#f4f4f4}pre{background:#f8f8f8;padding:1em;overflow-x:auto}svg{max-width:100%;height:auto}
        """
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(escapeHTML(title))</title>"
        html += "<style>\(style)</style></head><body><h1>\(escapeHTML(title))</h1>\n"
        for (heading, body) in sections { html += "<section><h2>\(escapeHTML(heading))</h2>\n\(body)\n</section>\n" }
        return html + "</body></html>\n"
    }

    /// Writes the report to `path` atomically (temporary file, then rename).
    public func write(to path: String) throws {
        try Data(render().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// `text` with HTML's special characters escaped.
public func escapeHTML(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}

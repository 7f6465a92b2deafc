import Foundation

/// An SVG heat map of a matrix with row and column labels (a confusion matrix: rows are the true
/// classes, columns the predicted ones), each cell showing its count.
public struct HeatmapChart {
    public let title: String
    public let rowLabels: [String]
    public let columnLabels: [String]
    public let values: [[Int]]

    public init(title: String, rowLabels: [String], columnLabels: [String], values: [[Int]]) {
        precondition(values.count == rowLabels.count && values.allSatisfy { $0.count == columnLabels.count },
                     "HeatmapChart: the matrix does not match its labels")
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
    }

    /// The heat map as an `<svg>` element.
    public func svg(cellSize: Double = 34) -> String {
        let labelWidth = 8.0 * Double(rowLabels.map(\.count).max() ?? 4) + 10
        let labelHeight = 8.0 * Double(columnLabels.map(\.count).max() ?? 4) + 10
        // Column labels slant up to the right at 60°: the last one reaches past the grid by half its length.
        let columnLabelOverhang = 0.5 * 7.0 * Double(columnLabels.map(\.count).max() ?? 0)
        let width = labelWidth + cellSize * Double(columnLabels.count) + max(10, columnLabelOverhang)
        let height = 30 + labelHeight + cellSize * Double(rowLabels.count) + 10
        let maximum = max(1, values.flatMap { $0 }.max() ?? 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        svg += "<text x=\"\(width / 2)\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">\(escapeHTML(title))</text>"
        let top = 30 + labelHeight
        for (column, label) in columnLabels.enumerated() {
            let x = labelWidth + cellSize * (Double(column) + 0.5)
            svg += "<text x=\"\(x)\" y=\"\(top - 6)\" font-size=\"11\" transform=\"rotate(-60 \(x) \(top - 6))\">\(escapeHTML(label))</text>"
        }
        for (row, label) in rowLabels.enumerated() {
            let y = top + cellSize * Double(row)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + cellSize / 2 + 4)\" text-anchor=\"end\" font-size=\"11\">\(escapeHTML(label))</text>"
            for column in columnLabels.indices {
                let value = values[row][column]
                let shade = Int(255 - 200 * Double(value) / Double(maximum))
                let x = labelWidth + cellSize * Double(column)
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellSize)\" height=\"\(cellSize)\" fill=\"rgb(\(shade),\(shade),255)\" stroke=\"#fff\"/>"
                svg += "<text x=\"\(x + cellSize / 2)\" y=\"\(y + cellSize / 2 + 4)\" text-anchor=\"middle\" font-size=\"11\">\(value)</text>"
            }
        }
        return svg + "</svg>"
    }
}

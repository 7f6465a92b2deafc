import Foundation

/// An SVG horizontal bar chart of labelled counts (e.g. cells per class).
public struct BarChart {
    public let title: String
    public let bars: [(label: String, value: Double)]

    public init(title: String, bars: [(label: String, value: Double)]) {
        self.title = title
        self.bars = bars
    }

    /// The chart as an `<svg>` element.
    public func svg(width: Double = 640, barHeight: Double = 20) -> String {
        let labelWidth = 8.0 * Double(bars.map(\.label.count).max() ?? 4) + 10
        let height = 30 + barHeight * Double(bars.count) + 10
        let maximum = max(bars.map(\.value).max() ?? 1, 1e-12)
        let plotWidth = width - labelWidth - 70
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        svg += "<text x=\"\(width / 2)\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">\(escapeHTML(title))</text>"
        for (index, bar) in bars.enumerated() {
            let y = 30 + barHeight * Double(index)
            let length = plotWidth * bar.value / maximum
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + barHeight * 0.7)\" text-anchor=\"end\" font-size=\"11\">\(escapeHTML(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(length)\" height=\"\(barHeight - 4)\" fill=\"#1f77b4\"/>"
            svg += "<text x=\"\(labelWidth + length + 4)\" y=\"\(y + barHeight * 0.7)\" font-size=\"11\">\(bar.value == bar.value.rounded() ? String(Int(bar.value)) : String(format: "%.3g", bar.value))</text>"
        }
        return svg + "</svg>"
    }
}

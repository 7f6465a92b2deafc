import Foundation

/// An SVG line chart of one or more series over a shared numeric x axis.
public struct LineChart {
    /// A named series of (x, y) points; non-finite y values are skipped. A series that is not
    /// `connected` is drawn as dots only (a scatter plot).
    public struct Series {
        public let name: String
        public let points: [(x: Double, y: Double)]
        public let connected: Bool

        public init(name: String, points: [(x: Double, y: Double)], connected: Bool = true) {
            self.name = name
            self.points = points
            self.connected = connected
        }
    }

    public let title: String
    public let xLabel: String
    public let yLabel: String
    public let series: [Series]

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// The chart as an `<svg>` element.
    public func svg(width: Double = 640, height: Double = 320) -> String {
        let points = series.flatMap(\.points).filter { $0.y.isFinite && $0.x.isFinite }
        let (left, right, top, bottom) = (60.0, 20.0, 30.0, 45.0)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        svg += "<text x=\"\(width / 2)\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">\(escapeHTML(title))</text>"
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else {
            return svg + "<text x=\"\(width / 2)\" y=\"\(height / 2)\" text-anchor=\"middle\">no data</text></svg>"
        }
        let spanX = maxX > minX ? maxX - minX : 1, spanY = maxY > minY ? maxY - minY : 1
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - minX) / spanX * plotWidth }
        func py(_ y: Double) -> Double { top + (1 - (y - minY) / spanY) * plotHeight }
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#999\"/>"
        for tick in 0...4 {
            let y = minY + spanY * Double(tick) / 4, x = minX + spanX * Double(tick) / 4
            svg += "<text x=\"\(left - 6)\" y=\"\(py(y) + 4)\" text-anchor=\"end\" font-size=\"11\">\(format(y))</text>"
            svg += "<text x=\"\(px(x))\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" font-size=\"11\">\(format(x))</text>"
        }
        svg += "<text x=\"\(left + plotWidth / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\" font-size=\"12\">\(escapeHTML(xLabel))</text>"
        svg += "<text x=\"14\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 \(top + plotHeight / 2))\">\(escapeHTML(yLabel))</text>"
        for (index, line) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let valid = line.points.filter { $0.y.isFinite && $0.x.isFinite }
            if line.connected {
                let path = valid.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>"
            }
            let radius = line.connected ? 2.5 : 4
            for point in valid { svg += "<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"\(radius)\" fill=\"\(color)\"/>" }
            svg += "<text x=\"\(left + 8)\" y=\"\(top + 14 + 14 * Double(index))\" font-size=\"12\" fill=\"\(color)\">\(escapeHTML(line.name))</text>"
        }
        return svg + "</svg>"
    }

    private func format(_ value: Double) -> String {
        abs(value) >= 1000 || (abs(value) < 0.01 && value != 0) ? String(format: "%.2g", value) : String(format: "%.3g", value)
    }
}

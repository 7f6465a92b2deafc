import Foundation
import SmithyPipeline
import XCTest

final class ReportTests: XCTestCase {
    func testReportIsSelfContainedAndEscaped() throws {
        var report = HTMLReport(title: "Run <1>")
        report.addSection("Loss", html: LineChart(title: "loss", xLabel: "epoch", yLabel: "loss", series: [
            .init(name: "train", points: [(1, 2.0), (2, 1.5), (3, .nan)]),
            .init(name: "validation", points: [(1, 2.2), (2, 1.7)]),
        ]).svg())
        report.addSection("Confusion", html: HeatmapChart(title: "c", rowLabels: ["a&b", "c"], columnLabels: ["a&b", "c"],
                                                          values: [[3, 1], [0, 4]]).svg())
        report.addSection("Counts", html: BarChart(title: "cells", bars: [("a", 3), ("b", 5)]).svg())
        report.addTable("Metrics", rows: [["epoch", "loss"], ["1", "2.0"]])
        report.addText("Configuration", text: "x = \"<y>\"")
        let html = report.render()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>Run &lt;1&gt;</title>"))
        XCTAssertEqual(html.components(separatedBy: "<polyline").count - 1, 2)
        XCTAssertTrue(html.contains("a&amp;b"))
        XCTAssertTrue(html.contains("x = &quot;&lt;y&gt;&quot;"))
        XCTAssertFalse(html.contains("src=\""), "a self-contained report loads nothing")
        XCTAssertFalse(html.contains("nan"), "non-finite points are skipped")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).html").path
        try report.write(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), html)
        try FileManager.default.removeItem(atPath: path)
    }

    func testMetricsLogKeepsRowsAcrossReopening() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try MetricsLog(path: path, columns: ["epoch", "loss"])
        try log.append(["1", "2.5"])
        try log.append(["2", "2.0"])
        let reopened = try MetricsLog(path: path, columns: ["epoch", "loss"])
        XCTAssertEqual(reopened.values(of: "loss"), ["2.5", "2.0"])
        try reopened.retain { $0[0] == "1" }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "epoch,loss\n1,2.5\n")
        XCTAssertThrowsError(try MetricsLog(path: path, columns: ["step"]))
    }
}

import Foundation

/// A corpus BLEU result with sacreBLEU's fields.
public struct BLEUScore: Equatable, Sendable {
    /// BLEU on the 0–100 scale.
    public let score: Double
    /// Clipped n-gram matches per order (before any add-k smoothing).
    public let counts: [Int]
    /// Hypothesis n-grams per order.
    public let totals: [Int]
    /// n-gram precisions per order, in percent, after smoothing.
    public let precisions: [Double]
    /// Brevity penalty.
    public let bp: Double
    /// Hypothesis length in tokens.
    public let sysLen: Int
    /// Reference length in tokens.
    public let refLen: Int

    /// `sysLen / refLen`, or 0 without reference tokens.
    public var ratio: Double { refLen > 0 ? Double(sysLen) / Double(refLen) : 0 }

    /// The score alone with `width` decimals, as sacreBLEU's `--score-only` prints it.
    public func formattedScore(width: Int = 1) -> String { String(format: "%.\(width)f", score) }

    /// sacreBLEU's text line, e.g. `BLEU|nrefs:1|…|version:2.6.0 = 34.2 65.1/40.2/27.3/19.0 (BP = 1.000 …)`.
    public func formatted(signature: String, width: Int = 1) -> String {
        let precisionText = precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
        return "BLEU|\(signature) = \(formattedScore(width: width)) \(precisionText) "
            + "(BP = \(String(format: "%.3f", bp)) ratio = \(String(format: "%.3f", ratio)) "
            + "hyp_len = \(sysLen) ref_len = \(refLen))"
    }
}

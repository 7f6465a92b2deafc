import Foundation

/// GNMT length penalty (Wu et al. 2016): ((5 + length) / 6)^α. A finished hypothesis of `length`
/// generated tokens (end-of-sequence included) scores log P / penalty. α = 0 gives plain log P.
public func gnmtLengthPenalty(length: Int, alpha: Float) -> Float {
    Float(pow((5 + Double(length)) / 6, Double(alpha)))
}

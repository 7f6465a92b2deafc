import Foundation
import SmithyTensor

/// A one-dimensional Parzen estimator on `range`: an equal-weight mixture of Gaussians truncated to
/// the range, one at each observation plus a wide prior at the centre. Each observation's width is
/// the larger gap to its sorted neighbours (the prior and the range ends count as neighbours),
/// clipped to [range / min(100, n + 1), range], as in Bergstra et al. (2011).
struct ParzenEstimator {
    let range: ClosedRange<Double>
    private let means: [Double]
    private let widths: [Double]

    init(observations: [Double], range: ClosedRange<Double>) {
        self.range = range
        let span = range.upperBound - range.lowerBound
        let centre = (range.lowerBound + range.upperBound) / 2
        let sorted = (observations + [centre]).sorted()
        let minimumWidth = span / min(100, Double(observations.count + 1))
        var means: [Double] = [], widths: [Double] = []
        for (index, mean) in sorted.enumerated() {
            let left = index > 0 ? sorted[index - 1] : range.lowerBound
            let right = index + 1 < sorted.count ? sorted[index + 1] : range.upperBound
            means.append(mean)
            widths.append(min(span, max(minimumWidth, mean - left, right - mean)))
        }
        // The prior keeps the full width, whatever its neighbours.
        let priorIndex = sorted.firstIndex(of: centre)!
        widths[priorIndex] = span
        self.means = means
        self.widths = widths
    }

    /// A draw from the truncated mixture.
    func sample(_ generator: RandomGenerator) -> Double {
        let component = min(means.count - 1, Int(generator.unit() * Double(means.count)))
        for _ in 0..<64 {
            let value = means[component] + widths[component] * generator.normal()
            if range.contains(value) { return value }
        }
        return min(range.upperBound, max(range.lowerBound, means[component]))
    }

    /// log of the mixture's density at `x`.
    func logDensity(_ x: Double) -> Double {
        var density = 0.0
        for (mean, width) in zip(means, widths) {
            let mass = Self.normalCDF((range.upperBound - mean) / width) - Self.normalCDF((range.lowerBound - mean) / width)
            let z = (x - mean) / width
            density += exp(-0.5 * z * z) / (width * (2 * Double.pi).squareRoot() * max(mass, 1e-12))
        }
        return log(max(density / Double(means.count), 1e-300))
    }

    private static func normalCDF(_ z: Double) -> Double { 0.5 * (1 + erf(z / 2.0.squareRoot())) }
}

import Foundation
import SmithyTensor

extension RandomGenerator {
    /// A uniform Double in [0, 1) from the top 53 bits of the next draw.
    func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal draw (Box–Muller).
    func normal() -> Double {
        let u = max(unit(), 0x1p-60)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
    }
}

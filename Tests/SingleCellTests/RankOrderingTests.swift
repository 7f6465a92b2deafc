import XCTest
@testable import SingleCell

/// The radix sort behind rank encoding, against a plain comparison sort, on values built to collide in
/// its sort key (equal to ~13 mantissa bits) and in Float, and on exact ties.
final class RankOrderingTests: XCTestCase {
    func testOrdersByDescendingValueThenAscendingColumn() {
        var random = SplitMix64(seed: 21)
        for trial in 0..<20 {
            let columns = 3_000
            var pairs: [(value: Double, column: Int32)] = []
            var ordering = RankOrdering(columnCount: columns)
            for column in Int32(0)..<Int32(columns) where random.next() % 3 != 0 {
                let base = Double(1 + random.next() % 40) * 0.37            // few distinct magnitudes: many collisions
                let value: Double
                switch random.next() % 4 {
                case 0: value = base                                         // exact ties
                case 1: value = base * (1 + Double(random.next() % 100) * 1e-9)   // same Float / same key, different Double
                case 2: value = base * (1 + Double(random.next() % 100) * 1e-5)   // same 22-bit key, different Float
                default: value = Double(random.next() % 1_000_000 + 1) * 1e-3 // spread over six decades
                }
                pairs.append((value, column))
            }
            pairs.shuffle(using: &random)
            ordering.removeAll()
            for pair in pairs { ordering.append(value: pair.value, column: pair.column) }
            ordering.sort()
            let expected = pairs.sorted { $0.value > $1.value || ($0.value == $1.value && $0.column < $1.column) }.map(\.column)
            let identity = (Int32(0)..<Int32(columns)).map { $0 }
            var sorted = [Int32](repeating: -1, count: pairs.count)
            identity.withUnsafeBufferPointer { table in
                sorted.withUnsafeMutableBufferPointer { ordering.lookUpColumns(pairs.count, in: table, into: $0) }
            }
            XCTAssertEqual(sorted, expected, "trial \(trial)")
        }
    }
}


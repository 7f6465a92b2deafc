/// Orders a cell's (value, column) pairs by descending value, ties by ascending column.
///
/// Each pair is packed as one UInt64: the high half is the complemented bit pattern of the value rounded to
/// Float (for positive numbers, bit patterns order like the values, and rounding never reverses an order),
/// the low half is the column. An LSD radix sort on the high half (11-bit digits, digits on which all keys
/// agree skipped) orders the pairs up to Float precision; runs that share a Float key are then ordered
/// exactly by their Double values and columns. Buffers are reused between cells.
struct RankOrdering {
    /// Packed pairs; after `sort()`, `column(at:)` reads the columns from the highest value down.
    private var packed: [UInt64] = []
    private var spare: [UInt64] = []
    /// The exact value of each column appended since the last `removeAll()`.
    private var valueOfColumn: [Double]
    private var histogram = [Int](repeating: 0, count: RankOrdering.digitCount * RankOrdering.bucketCount)
    private static let digitBits = 11
    private static let bucketCount = 1 << digitBits
    private static let digitCount = 3

    /// - Parameter columnCount: columns are in `0 ..< columnCount`.
    init(columnCount: Int) {
        valueOfColumn = [Double](repeating: 0, count: columnCount)
    }

    /// The number of pairs.
    var count: Int { packed.count }

    /// The column of the `index`-th pair.
    func column(at index: Int) -> Int32 { Int32(truncatingIfNeeded: packed[index]) }

    /// Empties the pairs, keeping storage.
    mutating func removeAll() { packed.removeAll(keepingCapacity: true) }

    /// Adds a pair; `value` must be positive.
    mutating func append(value: Double, column: Int32) {
        valueOfColumn[Int(column)] = value
        packed.append(UInt64(~Float(value).bitPattern) << 32 | UInt64(UInt32(bitPattern: column)))
    }

    /// Sorts the pairs.
    mutating func sort() {
        let count = packed.count
        guard count > 1 else { return }
        countDigits()
        if spare.count != count {
            spare.removeAll(keepingCapacity: true)
            spare.append(contentsOf: repeatElement(0, count: count))
        }
        for digit in 0..<Self.digitCount where histogram[digit * Self.bucketCount + Self.bucket(packed[0], digit)] != count {
            scatter(digit: digit)
        }
        orderRunsExactly()
    }

    private static func bucket(_ key: UInt64, _ digit: Int) -> Int {
        Int(truncatingIfNeeded: (key >> UInt64(32 + digit * Self.digitBits)) & UInt64(Self.bucketCount - 1))
    }

    private mutating func countDigits() {
        histogram.withUnsafeMutableBufferPointer { histogram in
            for index in histogram.indices { histogram[index] = 0 }
            for key in packed {
                for digit in 0..<Self.digitCount { histogram[digit * Self.bucketCount + Self.bucket(key, digit)] += 1 }
            }
            for digit in 0..<Self.digitCount {
                var total = 0
                for index in (digit * Self.bucketCount)..<((digit + 1) * Self.bucketCount) {
                    let size = histogram[index]
                    histogram[index] = total
                    total += size
                }
            }
        }
    }

    /// Moves the pairs into `spare` ordered by one digit (stable), then swaps the buffers.
    private mutating func scatter(digit: Int) {
        let base = digit * Self.bucketCount
        packed.withUnsafeBufferPointer { source in
            spare.withUnsafeMutableBufferPointer { destination in
                histogram.withUnsafeMutableBufferPointer { starts in
                    for key in source {
                        let slot = base + Self.bucket(key, digit)
                        destination[starts[slot]] = key
                        starts[slot] += 1
                    }
                }
            }
        }
        swap(&packed, &spare)
    }

    /// Orders each run of pairs sharing a Float key by exact value (descending), then column.
    private mutating func orderRunsExactly() {
        var runStart = 0
        for index in 1...packed.count where index == packed.count || packed[index] >> 32 != packed[runStart] >> 32 {
            if index - runStart > 1 {
                let values = valueOfColumn
                packed[runStart..<index].sort { first, second in
                    let a = values[Int(Int32(truncatingIfNeeded: first))], b = values[Int(Int32(truncatingIfNeeded: second))]
                    return a > b || (a == b && UInt32(truncatingIfNeeded: first) < UInt32(truncatingIfNeeded: second))
                }
            }
            runStart = index
        }
    }
}

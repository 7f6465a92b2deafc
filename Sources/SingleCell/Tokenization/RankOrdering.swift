/// Orders a cell's (value, column) pairs by descending value, ties by ascending column.
///
/// Each pair is packed as one UInt64: the high half is the complemented bit pattern of the value rounded to
/// Float (for positive numbers, bit patterns order like the values, and rounding never reverses an order),
/// the low half is the column. An LSD radix sort on the top 22 bits of the high half (two 11-bit digits:
/// exponent and 13 mantissa bits, a relative resolution of 2⁻¹³; a digit on which all keys agree is
/// skipped) orders the pairs up to that resolution; runs that share a sort key (a few per cell of 2,000
/// genes) are then ordered exactly by their Double values and columns. Buffers are reused between cells.
struct RankOrdering {
    /// Packed pairs in `packed[0 ..< count]` (the array only grows); after `sort()` they run from the highest
    /// value down.
    private var packed: [UInt64] = []
    private var spare: [UInt64] = []
    /// The number of pairs.
    private(set) var count = 0
    /// The exact value of each column appended since the last `removeAll()`.
    private var valueOfColumn: [Double]
    private var histogram = [Int](repeating: 0, count: RankOrdering.digitCount * RankOrdering.bucketCount)
    private static let digitBits = 11
    private static let bucketCount = 1 << digitBits
    private static let digitCount = 2
    /// Bits of the packed pair below the sort key: the column and the Float key's 10 lowest mantissa bits.
    private static let keyShift = 64 - digitCount * digitBits

    /// - Parameter columnCount: columns are in `0 ..< columnCount`.
    init(columnCount: Int) {
        valueOfColumn = [Double](repeating: 0, count: columnCount)
    }

    /// Writes `table[column]` for the columns of the first `count` pairs into `output`.
    func lookUpColumns(_ count: Int, in table: UnsafeBufferPointer<Int32>, into output: UnsafeMutableBufferPointer<Int32>) {
        packed.withUnsafeBufferPointer { packed in
            for index in 0..<count { output[index] = table[Int(Int32(truncatingIfNeeded: packed[index]))] }
        }
    }

    /// Empties the pairs, keeping storage.
    mutating func removeAll() { count = 0 }

    /// Adds a pair; `value` must be positive.
    mutating func append(value: Double, column: Int32) {
        reserve(count + 1)
        valueOfColumn[Int(column)] = value
        packed[count] = Self.key(value: value, column: column)
        count += 1
    }

    /// Adds the pair (values[i], columns[i]) for every i whose column is not negative and whose value is
    /// positive: `append(value:column:)` over a whole cell without per-pair overhead.
    mutating func append(columns: UnsafeBufferPointer<Int32>, values entryValues: UnsafeBufferPointer<Double>) {
        reserve(count + columns.count)
        var next = count
        packed.withUnsafeMutableBufferPointer { packed in
            valueOfColumn.withUnsafeMutableBufferPointer { values in
                for entry in columns.indices {
                    let column = columns[entry], value = entryValues[entry]
                    guard column >= 0, value > 0 else { continue }
                    values[Int(column)] = value
                    packed[next] = Self.key(value: value, column: column)
                    next += 1
                }
            }
        }
        count = next
    }

    private static func key(value: Double, column: Int32) -> UInt64 {
        UInt64(~Float(value).bitPattern) << 32 | UInt64(UInt32(bitPattern: column))
    }

    private mutating func reserve(_ capacity: Int) {
        guard packed.count < capacity else { return }
        let grown = max(capacity, 2 * packed.count)
        packed.append(contentsOf: repeatElement(0, count: grown - packed.count))
        spare.append(contentsOf: repeatElement(0, count: grown - spare.count))
    }

    /// Sorts the pairs.
    mutating func sort() {
        guard count > 1 else { return }
        countDigits()
        let firstBucket = packed[0]
        for digit in 0..<Self.digitCount where histogram[digit * Self.bucketCount + Self.bucket(firstBucket, digit)] != count {
            scatter(digit: digit)
        }
        orderRunsExactly()
    }

    private static func bucket(_ key: UInt64, _ digit: Int) -> Int {
        Int(truncatingIfNeeded: (key >> UInt64(Self.keyShift + digit * Self.digitBits)) & UInt64(Self.bucketCount - 1))
    }

    private mutating func countDigits() {
        let count = count
        packed.withUnsafeBufferPointer { packed in
            histogram.withUnsafeMutableBufferPointer { histogram in
                histogram.update(repeating: 0)
                for key in packed[0..<count] {
                    for digit in 0..<Self.digitCount { histogram[digit * Self.bucketCount + Self.bucket(key, digit)] &+= 1 }
                }
                for digit in 0..<Self.digitCount {
                    var total = 0
                    for index in (digit * Self.bucketCount)..<((digit + 1) * Self.bucketCount) {
                        let size = histogram[index]
                        histogram[index] = total
                        total &+= size
                    }
                }
            }
        }
    }

    /// Moves the pairs into `spare` ordered by one digit (stable), then swaps the buffers.
    private mutating func scatter(digit: Int) {
        let base = digit * Self.bucketCount, count = count
        packed.withUnsafeBufferPointer { source in
            spare.withUnsafeMutableBufferPointer { destination in
                histogram.withUnsafeMutableBufferPointer { starts in
                    for key in source[0..<count] {
                        let slot = base + Self.bucket(key, digit)
                        destination[starts[slot]] = key
                        starts[slot] &+= 1
                    }
                }
            }
        }
        swap(&packed, &spare)
    }

    /// Orders each run of pairs sharing a sort key by exact value (descending), then column.
    private mutating func orderRunsExactly() {
        let values = valueOfColumn, count = count
        packed.withUnsafeMutableBufferPointer { packed in
            var runStart = 0
            for index in 1...count where index == count || packed[index] >> Self.keyShift != packed[runStart] >> Self.keyShift {
                if index - runStart > 1 {
                    packed[runStart..<index].sort { first, second in
                        let a = values[Int(Int32(truncatingIfNeeded: first))], b = values[Int(Int32(truncatingIfNeeded: second))]
                        return a > b || (a == b && UInt32(truncatingIfNeeded: first) < UInt32(truncatingIfNeeded: second))
                    }
                }
                runStart = index
            }
        }
    }
}

import SmithyTensor

/// The position value of every token of a batch: 0, 1, 2, … by default, or any numbers the
/// caller chooses (expression ranks, time stamps, genomic coordinates — the paper's "any numeric
/// data" point). Every positional strategy reads these values instead of assuming 0..<length.
public struct TokenPositions {
    /// `[batch × length]` values, row-major; nil means `offset + index` for every batch entry.
    public let values: [Float]?
    /// Number of sequences (1 when the positions are the same for all).
    public let batch: Int
    /// Tokens per sequence.
    public let length: Int
    /// First position when `values` is nil (non-zero when decoding one token at a time).
    public let offset: Int

    /// Positions offset, offset + 1, … shared by every sequence.
    public static func sequential(length: Int, offset: Int = 0) -> TokenPositions {
        TokenPositions(values: nil, batch: 1, length: length, offset: offset)
    }

    /// Custom values, `[batch × length]` row-major.
    public static func custom(_ values: [Float], batch: Int, length: Int) -> TokenPositions {
        precondition(values.count == batch * length,
                     "[positions] \(values.count) values for \(batch) sequences of \(length) tokens")
        return TokenPositions(values: values, batch: batch, length: length, offset: 0)
    }

    /// Whether the positions are the plain sequence offset, offset + 1, ….
    public var isSequential: Bool { values == nil }

    /// The position of token `index` of sequence `sequence`.
    @inline(__always)
    public func value(sequence: Int, index: Int) -> Float {
        guard let values else { return Float(offset + index) }
        return values[(batch == 1 ? 0 : sequence) * length + index]
    }

    /// The positions of `range` of the tokens.
    public func slice(_ range: Range<Int>) -> TokenPositions {
        guard let values else { return .sequential(length: range.count, offset: offset + range.lowerBound) }
        var sliced: [Float] = []
        sliced.reserveCapacity(batch * range.count)
        for sequence in 0..<batch { sliced += values[(sequence * length + range.lowerBound)..<(sequence * length + range.upperBound)] }
        return .custom(sliced, batch: batch, length: range.count)
    }
}

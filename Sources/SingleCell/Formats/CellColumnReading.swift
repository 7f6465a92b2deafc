extension HDF5Dataset {
    /// Reads a 1-D numeric or string dataset as a column, whole or only the entries `range`.
    func readCellColumn(_ range: Range<Int>?) throws -> CellColumn {
        if isNumeric { return .numbers(try range.map { try read($0) } ?? read(Double.self)) }
        return .strings(try readStrings(range))
    }
}

/// An error about one input or output file: which file, where in it, and what was expected.
///
/// `location` is an HDF5 path (`/X/indptr`), a column (`obs/cell_type`) or `nil` for the whole file.
public struct SingleCellError: Error, CustomStringConvertible, Equatable {
    /// The file the problem is in.
    public let file: String
    /// The HDF5 path, column or line inside the file, if the problem has a place.
    public let location: String?
    /// What was found and what was expected.
    public let problem: String

    public init(file: String, location: String? = nil, _ problem: String) {
        self.file = file
        self.location = location
        self.problem = problem
    }

    public var description: String {
        if let location { return "\(file): \(location): \(problem)" }
        return "\(file): \(problem)"
    }
}

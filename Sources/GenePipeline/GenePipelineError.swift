/// Bad input to a gene pipeline command: the file or directory, and what is wrong with it.
public struct GenePipelineError: Error, CustomStringConvertible {
    /// The file or directory at fault.
    public let path: String
    public let problem: String

    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

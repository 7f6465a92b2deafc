import Foundation
import SmithyTensor

/// Facts about a run's data and model, saved as `RUN/data.json` for the report.
public struct DataSummary: Codable, Equatable {
    public var trainPairs: Int
    /// Training pairs dropped for exceeding the sentence-length limit.
    public var trainDropped: Int
    public var validPairs: Int
    public var validDropped: Int
    public var sourceVocabularySize: Int
    public var targetVocabularySize: Int
    public var parameterCount: Int
    /// What the run is (e.g. that it is a demo), shown at the top of the report.
    public var description: String

    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }

    public static func load(from url: URL) throws -> DataSummary {
        try JSONDecoder().decode(DataSummary.self, from: Data(contentsOf: url))
    }
}

import Foundation
import XCTest
@testable import SingleCell

/// A fresh directory under the system temporary folder, removed by the test case's teardown.
func makeTemporaryDirectory(for testCase: XCTestCase) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("singlecell-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
}

/// Dictionaries are read once per model version for the whole test run.
enum SharedDictionaries {
    static let v1 = try! GeneformerDictionaries(directory: ReferenceFiles.path("geneformer"), modelVersion: .v1)
    static let v2 = try! GeneformerDictionaries(directory: ReferenceFiles.path("geneformer"), modelVersion: .v2)

    static func forVersion(_ version: GeneformerModelVersion) -> GeneformerDictionaries {
        version == .v1 ? v1 : v2
    }
}

/// Rank-encodes `inputs` into `directory/name.h5`, collecting warnings.
@discardableResult
func rankEncode(_ inputs: [String], version: GeneformerModelVersion, in directory: String, name: String = "cells",
                labels: [String] = [], chunkSize: Int = 1000, configure: (inout RankEncodingOptions) -> Void = { _ in },
                warnings: UnsafeMutablePointer<[String]>? = nil) throws -> (path: String, summary: RankEncodingSummary) {
    var options = RankEncodingOptions()
    options.labelColumns = labels
    options.chunkSize = chunkSize
    configure(&options)
    let output = directory + "/\(name).h5"
    var job = RankEncodingJob(inputs: inputs, output: output, dictionaries: SharedDictionaries.forVersion(version),
                              options: options)
    job.warn = { warnings?.pointee.append($0) }
    return (output, try job.run())
}

/// The files in `directory`, hidden ones included.
func filesIn(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

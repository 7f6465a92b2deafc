import Foundation
import SmithyTensor
import XCTest

/// A PyTorch fixture from `reference/transformer/fixtures/`: tensors by name and string metadata.
struct Fixture {
    let tensors: [String: Tensor]
    let metadata: [String: String]
    let name: String

    /// Loads `reference/transformer/fixtures/<relativePath>`.
    init(_ relativePath: String) throws {
        let url = Self.directory.appendingPathComponent(relativePath)
        let file = try SafeTensors.read(url)
        tensors = file.tensors
        metadata = file.metadata
        name = relativePath
    }

    /// The tensor called `key`; fails the test if the fixture lacks it.
    func tensor(_ key: String, file: StaticString = #filePath, line: UInt = #line) throws -> Tensor {
        guard let tensor = tensors[key] else {
            XCTFail("\(name) has no tensor '\(key)'", file: file, line: line)
            throw CocoaError(.fileReadCorruptFile)
        }
        return tensor
    }

    /// The metadata value `key` parsed as JSON.
    func json(_ key: String) -> Any? {
        metadata[key].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) }
    }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference/transformer/fixtures")
}

/// Fails unless `actual` and `expected` have the same shape and |a − e| ≤ atol + rtol·|e| everywhere;
/// the message names the worst element.
func assertClose(_ actual: Tensor, _ expected: Tensor, atol: Float, rtol: Float, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard actual.shape == expected.shape else {
        XCTFail("\(label): shape \(actual.shape) != expected \(expected.shape)", file: file, line: line)
        return
    }
    let a = actual.scalars, e = expected.scalars
    var worst = -1, worstExcess: Float = 0
    for index in a.indices {
        let difference = abs(a[index] - e[index])
        let excess = difference.isNaN ? Float.infinity : difference - (atol + rtol * abs(e[index]))
        if excess > worstExcess { worst = index; worstExcess = excess }
    }
    if worst >= 0 {
        XCTFail("\(label): element \(worst) of \(actual.shape) is \(a[worst]), expected \(e[worst]) (atol \(atol), rtol \(rtol))",
                file: file, line: line)
    }
}

import Foundation
import SmithyTensor
import XCTest

/// One PyTorch reference case from `reference/core/fixtures` (see reference/core/README.md):
/// its tensors, its `params` JSON and its comparison tolerances.
struct ReferenceFixture {
    /// `group/case`, e.g. `layers/linear`.
    let name: String
    let params: [String: Any]
    let atol: Float
    let rtol: Float
    let tensors: [String: Tensor]

    /// The tensor called `key`, or an error naming the fixture and the key.
    func tensor(_ key: String) throws -> Tensor {
        guard let tensor = tensors[key] else {
            throw FixtureError("\(name) has no tensor '\(key)' (it has \(tensors.keys.sorted()))")
        }
        return tensor
    }

    /// A tensor holding exact integers (indices, targets), as Ints.
    func integers(_ key: String) throws -> [Int] {
        try tensor(key).scalars.map { Int($0) }
    }

    /// Checks `actual` against the fixture tensor `key` with this fixture's tolerances and returns
    /// the largest absolute difference.
    @discardableResult
    func assertMatches(_ actual: Tensor?, _ key: String, file: StaticString = #filePath, line: UInt = #line) throws -> Float {
        assertClose(actual, try tensor(key), atol: atol, rtol: rtol, "\(name) \(key)", file: file, line: line)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads fixtures through `MANIFEST.json`, the list of cases the generator wrote.
enum ReferenceFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference/core/fixtures")

    /// The manifest entries, in file order.
    static func manifestCases() throws -> [[String: Any]] {
        let data = try Data(contentsOf: directory.appendingPathComponent("MANIFEST.json"))
        guard let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = manifest["cases"] as? [[String: Any]] else {
            throw FixtureError("MANIFEST.json has no 'cases' list")
        }
        return cases
    }

    /// Names of the cases of `group`, in manifest order.
    static func caseNames(group: String) throws -> [String] {
        try manifestCases().filter { $0["group"] as? String == group }.compactMap { $0["case"] as? String }
    }

    /// Loads `group/case`.
    static func load(_ group: String, _ caseName: String) throws -> ReferenceFixture {
        guard let entry = try manifestCases().first(where: { $0["group"] as? String == group && $0["case"] as? String == caseName }),
              let file = entry["file"] as? String, let atol = entry["atol"] as? Double, let rtol = entry["rtol"] as? Double else {
            throw FixtureError("MANIFEST.json has no usable entry for \(group)/\(caseName)")
        }
        return ReferenceFixture(name: "\(group)/\(caseName)", params: entry["params"] as? [String: Any] ?? [:],
                                atol: Float(atol), rtol: Float(rtol),
                                tensors: try SafeTensors.read(directory.appendingPathComponent(file)).tensors)
    }
}

/// Element-wise |actual − expected| ≤ atol + rtol·|expected|. On failure, reports how many
/// elements fail and the worst one (largest error relative to its allowance) with its index.
/// Returns the largest absolute difference (infinity when the shapes differ or a value is not finite).
@discardableResult
func assertClose(_ actual: Tensor?, _ expected: Tensor, atol: Float, rtol: Float, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) -> Float {
    guard let actual else {
        XCTFail("\(label): no tensor (expected shape \(describe(expected.shape)))", file: file, line: line)
        return .infinity
    }
    guard actual.shape == expected.shape else {
        XCTFail("\(label): shape \(describe(actual.shape)), expected \(describe(expected.shape))", file: file, line: line)
        return .infinity
    }
    let a = actual.scalars, e = expected.scalars
    var failures = 0, worstIndex = 0, worstRatio: Float = -1, largest: Float = 0
    for i in a.indices {
        let difference = abs(a[i] - e[i])
        let ratio = difference.isNaN ? .infinity : difference / (atol + rtol * abs(e[i]))
        if !(difference <= atol + rtol * abs(e[i])) { failures += 1 }
        if ratio > worstRatio { worstRatio = ratio; worstIndex = i }
        largest = difference.isNaN ? .infinity : max(largest, difference)
    }
    if failures > 0 {
        var index: [Int] = [], remainder = worstIndex
        for stride in contiguousStrides(expected.shape) { index.append(remainder / stride); remainder %= stride }
        XCTFail("\(label): \(failures) of \(a.count) elements outside atol \(atol) + rtol \(rtol); worst at \(index): "
                + "got \(a[worstIndex]), expected \(e[worstIndex]), |diff| \(abs(a[worstIndex] - e[worstIndex]))",
                file: file, line: line)
    }
    return largest
}

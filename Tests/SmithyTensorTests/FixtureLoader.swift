import Foundation
import XCTest
@testable import SmithyTensor

/// The PyTorch reference fixtures in `reference/core/fixtures` (see `reference/core/README.md`):
/// one safetensors file per case, listed in `MANIFEST.json`.
enum Fixtures {
    /// `reference/core/fixtures`, found from this source file (Tests/SmithyTensorTests/ → ../../).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../reference/core/fixtures")
        .standardizedFileURL

    /// One line of the manifest.
    struct Entry {
        let group: String
        let name: String
        let file: String
        let op: String
    }

    /// Every case listed in `MANIFEST.json`, in manifest order.
    static func manifest() throws -> [Entry] {
        let data = try Data(contentsOf: directory.appendingPathComponent("MANIFEST.json"))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], "MANIFEST.json is not an object")
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]], "MANIFEST.json has no 'cases' list")
        return try cases.map { item in
            Entry(group: try XCTUnwrap(item["group"] as? String),
                  name: try XCTUnwrap(item["case"] as? String),
                  file: try XCTUnwrap(item["file"] as? String),
                  op: try XCTUnwrap(item["op"] as? String))
        }
    }

    /// Loads every case of `group`, in manifest order.
    static func cases(group: String) throws -> [FixtureCase] {
        try manifest().filter { $0.group == group }.map(load)
    }

    /// Reads one case's file and its metadata (`op`, `params`, `atol`, `rtol`).
    static func load(_ entry: Entry) throws -> FixtureCase {
        let file = try SafeTensors.read(directory.appendingPathComponent(entry.file))
        let metadata = file.metadata
        let label = "\(entry.group)/\(entry.name)"
        let paramsText = try XCTUnwrap(metadata["params"], "\(label): no params metadata")
        let params = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(paramsText.utf8), options: [.fragmentsAllowed]) as? [String: Any],
                                   "\(label): params is not a JSON object: \(paramsText)")
        let op = try XCTUnwrap(metadata["op"], "\(label): no op metadata")
        XCTAssertEqual(op, entry.op, "\(label): op in the file differs from the manifest")
        return FixtureCase(label: label, op: op, params: FixtureParameters(values: params),
                           atol: try XCTUnwrap(metadata["atol"].flatMap(Float.init), "\(label): atol"),
                           rtol: try XCTUnwrap(metadata["rtol"].flatMap(Float.init), "\(label): rtol"),
                           tensors: file.tensors)
    }
}

/// One reference case: its tensors (`x0…`, `out`/`out0…`, `cot`/`cot0…`, `grad0…`) and metadata.
struct FixtureCase {
    /// `group/case`, for failure messages.
    let label: String
    let op: String
    let params: FixtureParameters
    let atol: Float
    let rtol: Float
    let tensors: [String: Tensor]

    /// `x0, x1, …` in argument order.
    var inputs: [Tensor] { numbered("x") }

    /// `out` for single-output ops, else `out0, out1, …`.
    var outputs: [Tensor] { tensors["out"].map { [$0] } ?? numbered("out") }

    /// `cot` for single-output ops, else `cot0, cot1, …`.
    var cotangents: [Tensor] { tensors["cot"].map { [$0] } ?? numbered("cot") }

    /// The reference gradient of input `index`, or nil when that input is not differentiable.
    func gradient(ofInput index: Int) -> Tensor? { tensors["grad\(index)"] }

    private func numbered(_ prefix: String) -> [Tensor] {
        var result: [Tensor] = []
        while let tensor = tensors["\(prefix)\(result.count)"] { result.append(tensor) }
        return result
    }
}

/// The `params` JSON of a case, with typed accessors that fail loudly on a missing key.
struct FixtureParameters {
    let values: [String: Any]

    func value(_ key: String) -> Any {
        guard let value = values[key] else { preconditionFailure("fixture params have no '\(key)': \(values)") }
        return value
    }

    func int(_ key: String) -> Int { (value(key) as! NSNumber).intValue }
    func float(_ key: String) -> Float { (value(key) as! NSNumber).floatValue }
    func bool(_ key: String) -> Bool { (value(key) as! NSNumber).boolValue }
    func string(_ key: String) -> String { value(key) as! String }
    func ints(_ key: String) -> [Int] { (value(key) as! [NSNumber]).map(\.intValue) }

    /// An integer, or nil where the JSON holds `null`.
    func optionalInt(_ key: String) -> Int? { value(key) is NSNull ? nil : int(key) }

    /// A list of integers, or nil where the JSON holds `null`.
    func optionalInts(_ key: String) -> [Int]? { value(key) is NSNull ? nil : ints(key) }
}

/// The largest differences between two tensors of one shape.
struct ErrorSummary {
    /// max |actual − expected|.
    var maxAbsolute: Float = 0
    /// max |actual − expected| / |expected| over elements with |expected| ≥ `relativeFloor`
    /// (relative errors of values near zero say nothing about accuracy).
    var maxRelative: Float = 0

    static let relativeFloor: Float = 1e-3

    init() {}

    init(actual: Tensor, expected: Tensor) {
        for (a, e) in zip(actual.scalars, expected.scalars) {
            let difference = a.isNaN || e.isNaN ? (a.isNaN && e.isNaN ? 0 : .infinity) : abs(a - e)
            maxAbsolute = max(maxAbsolute, difference)
            if abs(e) >= Self.relativeFloor { maxRelative = max(maxRelative, difference / abs(e)) }
        }
    }

    mutating func merge(_ other: ErrorSummary) {
        maxAbsolute = max(maxAbsolute, other.maxAbsolute)
        maxRelative = max(maxRelative, other.maxRelative)
    }
}

/// Row-major multi-index of flat position `flat` in `shape`, e.g. `[1, 0, 2]`.
func multiIndex(_ flat: Int, in shape: [Int]) -> [Int] {
    var remainder = flat
    var index = [Int](repeating: 0, count: shape.count)
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
        index[axis] = remainder % shape[axis]
        remainder /= shape[axis]
    }
    return index
}

/// Why `actual` is not close to `expected`, or nil when it is: the shapes must be equal and every
/// element must satisfy |actual − expected| ≤ atol + rtol·|expected| (NaN matches only NaN). The message
/// names the worst element (the one furthest beyond its tolerance): its index, both values, and the shape.
func closenessFailure(actual: Tensor, expected: Tensor, atol: Float, rtol: Float, _ label: String) -> String? {
    guard actual.shape == expected.shape else {
        return "\(label): shape \(describe(actual.shape)), expected \(describe(expected.shape))"
    }
    let actualValues = actual.scalars, expectedValues = expected.scalars
    var worst: (index: Int, excess: Float)?
    for index in actualValues.indices {
        let a = actualValues[index], e = expectedValues[index]
        if a.isNaN && e.isNaN { continue }
        let allowed = atol + rtol * abs(e)
        let difference = a.isNaN || e.isNaN ? Float.infinity : abs(a - e)
        guard difference > allowed else { continue }
        let excess = allowed > 0 ? difference / allowed : .infinity
        if worst == nil || excess > worst!.excess { worst = (index, excess) }
    }
    guard let worst else { return nil }
    let a = actualValues[worst.index], e = expectedValues[worst.index]
    return "\(label): element \(multiIndex(worst.index, in: actual.shape)) of shape \(describe(actual.shape)) "
        + "is \(a), expected \(e) (|Δ| = \(abs(a - e)) > atol \(atol) + rtol \(rtol)·|expected|)"
}

/// Fails with `closenessFailure`'s message when `actual` is not close to `expected`.
func assertClose(actual: Tensor, expected: Tensor, atol: Float, rtol: Float, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    if let message = closenessFailure(actual: actual, expected: expected, atol: atol, rtol: rtol, label) {
        XCTFail(message, file: file, line: line)
    }
}

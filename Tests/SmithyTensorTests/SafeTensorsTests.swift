import Foundation
import XCTest
@testable import SmithyTensor

/// Reading and writing safetensors files: round trips, F16/BF16 widening, and damaged files.
final class SafeTensorsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("SafeTensorsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Bit patterns, so that -0.0 ≠ 0.0 and NaN payloads count.
    private func bits(_ tensor: Tensor) -> [UInt32] { tensor.scalars.map(\.bitPattern) }

    /// The error `body` throws, as a `SafeTensorsError` (failing when it throws something else or nothing).
    private func safeTensorsError(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> SafeTensorsError? {
        do {
            try body()
            XCTFail("expected a SafeTensorsError", file: file, line: line)
        } catch let error as SafeTensorsError {
            return error
        } catch {
            XCTFail("expected a SafeTensorsError, got \(error)", file: file, line: line)
        }
        return nil
    }

    /// A file of the 8-byte little-endian header length, `header`, then `payload`.
    private func fileBytes(header: String, payload: [UInt8] = []) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: payload)
        return data
    }

    private func sampleFile() -> SafeTensors {
        SafeTensors(tensors: [
            "weight": Tensor([1.5, -2, 0, -0.0, .pi, 1e-30], shape: [2, 3]),
            "scalar": Tensor(scalar: -7.25),
            "bias": Tensor([3, 4, 5, 6], shape: [4]),
            "empty": Tensor([], shape: [0, 3]),
            "rows": Tensor([9, 8, 7, 6, 5, 4], shape: [3, 2]).slice(axis: 0, 1..<3),
        ], metadata: ["format": "pt", "step": "12"])
    }

    func testRoundTripKeepsNamesShapesValuesAndMetadata() throws {
        let url = directory.appendingPathComponent("round.safetensors")
        let original = sampleFile()
        try original.write(to: url)
        let read = try SafeTensors.read(url)
        XCTAssertEqual(Set(read.tensors.keys), Set(original.tensors.keys))
        for (name, tensor) in original.tensors {
            XCTAssertEqual(read.tensors[name]?.shape, tensor.shape, name)
            XCTAssertEqual(read.tensors[name].map(bits), bits(tensor), name)
        }
        XCTAssertEqual(read.metadata, original.metadata)
    }

    func testSerializedHeaderIsPaddedToEightBytes() throws {
        let data = try sampleFile().serialized()
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(headerLength % 8, 0)
        XCTAssertEqual(data.count, 8 + headerLength + 4 * (6 + 1 + 4 + 4))
    }

    func testWriteReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws {
        let url = directory.appendingPathComponent("replace.safetensors")
        try SafeTensors(tensors: ["a": Tensor([1, 2], shape: [2])]).write(to: url)
        try SafeTensors(tensors: ["b": Tensor([3], shape: [1])]).write(to: url)
        XCTAssertEqual(try SafeTensors.read(url).tensors.keys.sorted(), ["b"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["replace.safetensors"])
    }

    func testF16AndBF16WidenExactlyAsPyTorch() throws {
        let file = try SafeTensors.read(Fixtures.directory.appendingPathComponent("safetensors_dtypes/mixed_dtypes.safetensors"))
        let f32 = try XCTUnwrap(file.tensors["f32"]), f16 = try XCTUnwrap(file.tensors["f16"]), bf16 = try XCTUnwrap(file.tensors["bf16"])
        let expectedF16 = try XCTUnwrap(file.tensors["expected_f16_as_f32"]), expectedBF16 = try XCTUnwrap(file.tensors["expected_bf16_as_f32"])
        XCTAssertEqual(f16.shape, expectedF16.shape)
        XCTAssertEqual(bf16.shape, expectedBF16.shape)
        XCTAssertEqual(bits(f16), bits(expectedF16), "F16 widening")
        XCTAssertEqual(bits(bf16), bits(expectedBF16), "BF16 widening")
        // Independently: F16 values are Swift's own round-to-nearest-even of the F32 source.
        XCTAssertEqual(bits(f16), f32.scalars.map { Float(Float16($0)).bitPattern })
        // Spot checks from reference/core/README.md.
        let pairs = Dictionary(zip(f32.scalars, zip(f16.scalars, bf16.scalars)).map { ($0.0.bitPattern, $0.1) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(pairs[Float(65504).bitPattern]?.1, 65536, "65504 rounds to 65536 in BF16")
        XCTAssertEqual(pairs[Float(-1.00390625).bitPattern]?.1, -1, "BF16 tie rounds to even")
        XCTAssertEqual(pairs[Float(1.00048828125).bitPattern]?.0, 1, "F16 tie rounds to even")
        XCTAssertEqual(pairs[Float(1e-5).bitPattern].map { Float16($0.0).bitPattern }, 0x00A8, "F16 subnormal")
        XCTAssertEqual(pairs[Float(-0.0).bitPattern].map { $0.0.bitPattern }, Float(-0.0).bitPattern, "sign of -0 in F16")
        XCTAssertEqual(pairs[Float(-0.0).bitPattern].map { $0.1.bitPattern }, Float(-0.0).bitPattern, "sign of -0 in BF16")
    }

    func testTruncatedFileThrowsNamingTheFile() throws {
        let url = directory.appendingPathComponent("truncated.safetensors")
        let bytes = try sampleFile().serialized()
        try bytes.dropLast(10).write(to: url)
        let error = safeTensorsError { _ = try SafeTensors.read(url) }
        XCTAssertEqual(error?.file, url.path)
        let message = error?.description ?? ""
        XCTAssertTrue(message.contains(url.path), message)
        XCTAssertTrue(message.contains("truncated") || message.contains("outside"), message)
    }

    func testHeaderLongerThanTheFileThrows() throws {
        let url = directory.appendingPathComponent("short-header.safetensors")
        try fileBytes(header: "{}").prefix(9).write(to: url)
        let message = safeTensorsError { _ = try SafeTensors.read(url) }?.description ?? ""
        XCTAssertTrue(message.hasPrefix(url.path), message)
        XCTAssertTrue(message.contains("truncated"), message)
    }

    func testGarbageHeaderThrowsNamingTheFile() throws {
        let url = directory.appendingPathComponent("garbage.safetensors")
        try fileBytes(header: "this is not JSON at all!", payload: [1, 2, 3, 4]).write(to: url)
        let message = safeTensorsError { _ = try SafeTensors.read(url) }?.description ?? ""
        XCTAssertTrue(message.hasPrefix(url.path), message)
        XCTAssertTrue(message.contains("JSON"), message)
    }

    func testFileShorterThanEightBytesThrows() throws {
        let url = directory.appendingPathComponent("tiny.safetensors")
        try Data([1, 2, 3]).write(to: url)
        let message = safeTensorsError { _ = try SafeTensors.read(url) }?.description ?? ""
        XCTAssertTrue(message.hasPrefix(url.path), message)
        XCTAssertTrue(message.contains("3 bytes"), message)
    }

    func testMissingFileThrowsNamingTheFile() {
        let url = directory.appendingPathComponent("absent.safetensors")
        let message = safeTensorsError { _ = try SafeTensors.read(url) }?.description ?? ""
        XCTAssertTrue(message.hasPrefix(url.path), message)
    }

    func testUnsupportedDtypeAndWrongByteCountAreRejected() {
        let integerFile = fileBytes(header: #"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, payload: Array(repeating: 0, count: 8))
        let dtypeMessage = safeTensorsError { _ = try SafeTensors.parse(integerFile, file: "ids.safetensors") }?.description ?? ""
        XCTAssertTrue(dtypeMessage.hasPrefix("ids.safetensors: tensor 'ids'"), dtypeMessage)
        XCTAssertTrue(dtypeMessage.contains("I64"), dtypeMessage)

        let shortFile = fileBytes(header: #"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#, payload: Array(repeating: 0, count: 12))
        let sizeMessage = safeTensorsError { _ = try SafeTensors.parse(shortFile, file: "w.safetensors") }?.description ?? ""
        XCTAssertTrue(sizeMessage.contains("expected 16"), sizeMessage)
    }

    /// `parse` takes any `Data`; a slice of a larger buffer (non-zero `startIndex`) must read the same.
    func testParseAcceptsADataSlice() throws {
        let bytes = try sampleFile().serialized()
        let slice = (Data([0xAA, 0xBB, 0xCC]) + bytes).dropFirst(3)
        XCTAssertEqual(slice.startIndex, 3)
        let parsed = try SafeTensors.parse(slice, file: "slice")
        XCTAssertEqual(parsed.tensors["bias"]?.scalars, [3, 4, 5, 6])
    }
}

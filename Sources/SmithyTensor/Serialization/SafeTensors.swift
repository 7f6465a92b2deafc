import Foundation

/// Reading and writing the safetensors format: an 8-byte little-endian header length, a JSON
/// header mapping each name to `dtype`, `shape` and `data_offsets` (plus an optional string map
/// `__metadata__`), then the raw little-endian data.
///
/// Writes F32. Reads F32, F16 and BF16, converting to Float.
public struct SafeTensors {
    /// The tensors by name.
    public var tensors: [String: Tensor]
    /// The free-form string metadata of the file.
    public var metadata: [String: String]

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads a safetensors file; throws `SafeTensorsError` naming the file and the problem.
    public static func read(_ url: URL) throws -> SafeTensors {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw SafeTensorsError(file: url.path, "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, file: url.path)
    }

    /// Parses the bytes of a safetensors file; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> SafeTensors {
        guard data.count >= 8 else {
            throw SafeTensorsError(file: file, "is \(data.count) bytes long; expected at least the 8-byte header length")
        }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw SafeTensorsError(file: file, "declares a \(headerLength)-byte header but only \(data.count - 8) bytes follow (truncated?)")
        }
        let headerEnd = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: data.subdata(in: (data.startIndex + 8)..<(data.startIndex + headerEnd))) as? [String: Any] else {
            throw SafeTensorsError(file: file, "has a header that is not a JSON object")
        }
        let payloadLength = data.count - headerEnd
        var result = SafeTensors(tensors: [:])
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: String] else {
                    throw SafeTensorsError(file: file, "has a __metadata__ entry that is not a map of strings")
                }
                result.metadata = map
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw SafeTensorsError(file: file, "tensor '\(name)': expected dtype, shape and data_offsets [begin, end]")
            }
            guard let width = ["F32": 4, "F16": 2, "BF16": 2][dtype] else {
                throw SafeTensorsError(file: file, "tensor '\(name)': dtype \(dtype) is not supported (expected F32, F16 or BF16)")
            }
            let count = elementCount(shape)
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= payloadLength else {
                throw SafeTensorsError(file: file, "tensor '\(name)': data_offsets \(offsets) lie outside the \(payloadLength)-byte data section (truncated?)")
            }
            guard offsets[1] - offsets[0] == count * width else {
                throw SafeTensorsError(file: file, "tensor '\(name)': \(offsets[1] - offsets[0]) bytes for shape \(describe(shape)) of \(dtype); expected \(count * width)")
            }
            let tensor = Tensor(uninitializedShape: shape)
            data.withUnsafeBytes { raw in
                let bytes = raw.baseAddress! + headerEnd + offsets[0]
                for index in 0..<count {
                    switch dtype {
                    case "F32":
                        tensor.pointer[index] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
                    case "F16":
                        tensor.pointer[index] = Float(Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))))
                    default:
                        let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                        tensor.pointer[index] = Float(bitPattern: UInt32(bits) << 16)
                    }
                }
            }
            result.tensors[name] = tensor
        }
        return result
    }

    /// The file's bytes: tensors in name order, F32, header padded to a multiple of 8 bytes.
    public func serialized() throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let tensor = tensors[name]!
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + 4 * tensor.count]] as [String: Any]
            offset += 4 * tensor.count
        }
        var headerBytes = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while headerBytes.count % 8 != 0 { headerBytes.append(UInt8(ascii: " ")) }
        var data = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(headerBytes)
        for name in names {
            let tensor = tensors[name]!
            data.append(UnsafeBufferPointer(start: tensor.pointer, count: tensor.count))
        }
        return data
    }

    /// Writes the file atomically (temporary file, then rename).
    public func write(to url: URL) throws {
        try AtomicFile.write(serialized(), to: url)
    }
}

/// A safetensors file that could not be read, with the file and what was wrong.
public struct SafeTensorsError: Error, CustomStringConvertible {
    /// Path of the file.
    public let file: String
    /// What was wrong.
    public let problem: String

    init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}

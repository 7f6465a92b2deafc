import CHDF5
import Foundation

/// Reads and writes HDF5 strings: variable-length (UTF-8 or ASCII) and fixed-length, null- or space-padded.
enum HDF5StringCodec {
    /// Decodes `count` strings stored with `fileType`; `read` fills the buffer it is given using the memory type.
    static func read(count: Int, fileType: hid_t,
                     _ read: (_ memoryType: hid_t, _ buffer: UnsafeMutableRawPointer) -> herr_t) -> [String]? {
        let memoryType = H5Tcopy(smithy_H5T_C_S1())
        defer { H5Tclose(memoryType) }
        H5Tset_cset(memoryType, H5Tget_cset(fileType))
        if H5Tis_variable_str(fileType) > 0 {
            H5Tset_size(memoryType, smithy_H5T_VARIABLE())
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
            defer { for pointer in pointers where pointer != nil { H5free_memory(pointer) } }
            guard status >= 0 else { return nil }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let width = H5Tget_size(fileType)
        guard width > 0 else { return nil }
        H5Tset_size(memoryType, width)
        H5Tset_strpad(memoryType, H5T_STR_NULLPAD)
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: count * width)
        guard bytes.withUnsafeMutableBytes({ read(memoryType, $0.baseAddress!) }) >= 0 else { return nil }
        return (0..<count).map { index in
            var field = bytes[(index * width)..<((index + 1) * width)]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if spacePadded { while field.last == 0x20 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// A new variable-length UTF-8 string type; the caller closes it.
    static func makeVariableLengthUTF8Type() -> hid_t {
        let type = H5Tcopy(smithy_H5T_C_S1())
        H5Tset_size(type, smithy_H5T_VARIABLE())
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    /// Calls `body` with C string pointers to `strings`, valid for the duration of the call.
    static func withCStringPointers<Result>(_ strings: [String],
                                            _ body: (UnsafeRawPointer) throws -> Result) rethrows -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return try copies.withUnsafeBytes { try body($0.baseAddress!) }
    }
}

import CHDF5

/// An HDF5 dataset: typed, N-dimensional, read whole or by hyperslab; 1-D datasets created here can grow.
final class HDF5Dataset: HDF5Object {
    let id: hid_t
    let file: HDF5File
    let path: String

    init(group: HDF5Group, name: String) throws {
        file = group.file
        path = group.childPath(name)
        id = H5Dopen2(group.id, name, hid_t(H5P_DEFAULT))
        guard id >= 0 else { throw HDF5Library.error(file: group.file.path, location: path, "cannot open dataset") }
    }

    /// Creates an empty, growable 1-D dataset of `elementType` (which the caller keeps ownership of),
    /// chunked by `chunkLength` elements and optionally shuffle+deflate compressed.
    init(creatingIn group: HDF5Group, name: String, elementType: hid_t, chunkLength: Int,
         compressed: Bool = false) throws {
        file = group.file
        path = group.childPath(name)
        var current: hsize_t = 0
        var maximum = smithy_H5S_UNLIMITED()
        let space = H5Screate_simple(1, &current, &maximum)
        defer { H5Sclose(space) }
        let properties = H5Pcreate(smithy_H5P_DATASET_CREATE())
        defer { H5Pclose(properties) }
        var chunk = hsize_t(max(1, chunkLength))
        H5Pset_chunk(properties, 1, &chunk)
        if compressed {
            H5Pset_shuffle(properties)
            H5Pset_deflate(properties, 4)
        }
        id = H5Dcreate2(group.id, name, elementType, space, hid_t(H5P_DEFAULT), properties, hid_t(H5P_DEFAULT))
        guard id >= 0 else { throw HDF5Library.error(file: group.file.path, location: path, "cannot create dataset") }
    }

    deinit { H5Dclose(id) }

    /// The extent of each dimension.
    var shape: [Int] {
        let space = H5Dget_space(id)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dimensions = [hsize_t](repeating: 0, count: max(rank, 0))
        H5Sget_simple_extent_dims(space, &dimensions, nil)
        return dimensions.map { Int($0) }
    }

    /// The number of elements (1 for a scalar).
    var elementCount: Int { shape.reduce(1, *) }

    /// The class of the stored element type (integer, float, string, …).
    var typeClass: H5T_class_t {
        let type = H5Dget_type(id)
        defer { H5Tclose(type) }
        return H5Tget_class(type)
    }

    /// Whether the stored elements are integers or floating-point numbers.
    var isNumeric: Bool { typeClass == H5T_INTEGER || typeClass == H5T_FLOAT }

    /// Reads every element, converted to `T`.
    func read<T: HDF5Scalar>(_: T.Type = T.self) throws -> [T] {
        try requireNumeric()
        var values = [T](repeating: 0, count: elementCount)
        try values.withUnsafeMutableBytes { try read(memoryType: T.hdf5MemoryType, start: nil, count: nil, into: $0.baseAddress!) }
        return values
    }

    /// Reads the hyperslab `start ..< start + count` (one entry per dimension), row-major, into `buffer`,
    /// which must hold at least the product of `count` elements.
    func read<T: HDF5Scalar>(start: [Int], count: [Int], into buffer: UnsafeMutablePointer<T>) throws {
        try requireNumeric()
        try read(memoryType: T.hdf5MemoryType, start: start, count: count, into: UnsafeMutableRawPointer(buffer))
    }

    /// Reads every element of a string dataset, or the elements `range` of a 1-D one.
    func readStrings(_ range: Range<Int>? = nil) throws -> [String] {
        guard typeClass == H5T_STRING else { throw error("expected strings, found \(typeDescription)") }
        let fileType = H5Dget_type(id)
        defer { H5Tclose(fileType) }
        let count = range?.count ?? elementCount
        if count == 0 { return [] }
        let strings = HDF5StringCodec.read(count: count, fileType: fileType) { memoryType, buffer in
            guard let range else { return H5Dread(id, memoryType, H5S_ALL, H5S_ALL, hid_t(H5P_DEFAULT), buffer) }
            return withHyperslab(start: [range.lowerBound], count: [count]) { memorySpace, fileSpace in
                H5Dread(id, memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), buffer)
            }
        }
        guard let strings else { throw error("cannot read strings \(range.map { "\($0)" } ?? "") (truncated or corrupt data?)") }
        return strings
    }

    /// A short description of the stored type, for messages.
    var typeDescription: String {
        let type = H5Dget_type(id)
        defer { H5Tclose(type) }
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_INTEGER: return "\(size * 8)-bit integers"
        case H5T_FLOAT: return "\(size * 8)-bit floats"
        case H5T_STRING: return "strings"
        case H5T_COMPOUND: return "compound records"
        case H5T_ENUM: return "enum values"
        default: return "values of an unsupported type"
        }
    }

    /// Appends elements to a growable 1-D dataset.
    func append<T: HDF5Scalar>(_ values: [T]) throws {
        try values.withUnsafeBytes {
            try append(count: values.count, memoryType: T.hdf5MemoryType, from: $0.baseAddress)
        }
    }

    /// Appends strings to a growable 1-D string dataset.
    func append(strings: [String]) throws {
        let memoryType = HDF5StringCodec.makeVariableLengthUTF8Type()
        defer { H5Tclose(memoryType) }
        try HDF5StringCodec.withCStringPointers(strings) {
            try append(count: strings.count, memoryType: memoryType, from: $0)
        }
    }

    private func requireNumeric() throws {
        guard isNumeric else { throw error("expected numbers, found \(typeDescription)") }
    }

    private func read(memoryType: hid_t, start: [Int]?, count: [Int]?, into buffer: UnsafeMutableRawPointer) throws {
        guard let start, let count else {
            guard H5Dread(id, memoryType, H5S_ALL, H5S_ALL, hid_t(H5P_DEFAULT), buffer) >= 0 else {
                throw error("cannot read (truncated or corrupt data?)")
            }
            return
        }
        if count.contains(0) { return }
        let status = withHyperslab(start: start, count: count) { memorySpace, fileSpace in
            H5Dread(id, memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), buffer)
        }
        guard status >= 0 else {
            throw error("cannot read elements \(start) + \(count) of shape \(shape) (truncated or corrupt data?)")
        }
    }

    /// Calls `body` with a memory space of shape `count` and the file space selecting `start ..< start + count`.
    private func withHyperslab(start: [Int], count: [Int], _ body: (hid_t, hid_t) -> herr_t) -> herr_t {
        let fileSpace = H5Dget_space(id)
        defer { H5Sclose(fileSpace) }
        var offsets = start.map { hsize_t($0) }
        var counts = count.map { hsize_t($0) }
        let memorySpace = H5Screate_simple(Int32(counts.count), &counts, nil)
        defer { H5Sclose(memorySpace) }
        guard H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &offsets, nil, &counts, nil) >= 0 else { return -1 }
        return body(memorySpace, fileSpace)
    }

    private func append(count: Int, memoryType: hid_t, from buffer: UnsafeRawPointer?) throws {
        guard count > 0, let buffer else { return }
        let oldLength = shape[0]
        var newLength = hsize_t(oldLength + count)
        guard H5Dset_extent(id, &newLength) >= 0 else { throw error("cannot grow dataset") }
        let status = withHyperslab(start: [oldLength], count: [count]) { memorySpace, fileSpace in
            H5Dwrite(id, memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), buffer)
        }
        guard status >= 0 else { throw error("cannot write \(count) elements") }
    }
}

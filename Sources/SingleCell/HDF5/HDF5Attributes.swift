import CHDF5

/// Reading and writing attributes of groups and datasets.
extension HDF5Object {
    /// Whether an attribute called `name` exists.
    func hasAttribute(_ name: String) -> Bool { H5Aexists(id, name) > 0 }

    /// A string attribute (scalar or the first element of an array), or `nil` when absent.
    func stringAttribute(_ name: String) throws -> String? {
        try stringArrayAttribute(name)?.first
    }

    /// A string or string-array attribute, or `nil` when absent.
    func stringArrayAttribute(_ name: String) throws -> [String]? {
        try withAttribute(name) { attribute, type, count in
            guard H5Tget_class(type) == H5T_STRING else { return nil }
            return HDF5StringCodec.read(count: count, fileType: type) { H5Aread(attribute, $0, $1) }
        }
    }

    /// An integer attribute (scalar or array), or `nil` when absent.
    func integerArrayAttribute(_ name: String) throws -> [Int64]? {
        try withAttribute(name) { attribute, type, count in
            guard H5Tget_class(type) == H5T_INTEGER else { return nil }
            var values = [Int64](repeating: 0, count: count)
            return H5Aread(attribute, smithy_H5T_NATIVE_INT64(), &values) >= 0 ? values : nil
        }
    }

    /// Writes a scalar UTF-8 string attribute.
    func setAttribute(_ name: String, string: String) throws {
        try writeStringAttribute(name, [string], scalar: true)
    }

    /// Writes a 1-D UTF-8 string-array attribute.
    func setAttribute(_ name: String, strings: [String]) throws {
        try writeStringAttribute(name, strings, scalar: false)
    }

    /// Writes a 1-D 64-bit integer attribute.
    func setAttribute(_ name: String, integers: [Int64]) throws {
        var length = hsize_t(integers.count)
        let space = H5Screate_simple(1, &length, nil)
        defer { H5Sclose(space) }
        try createAttribute(name, type: smithy_H5T_NATIVE_INT64(), space: space) { attribute in
            integers.withUnsafeBytes { H5Awrite(attribute, smithy_H5T_NATIVE_INT64(), $0.baseAddress) }
        }
    }

    private func writeStringAttribute(_ name: String, _ strings: [String], scalar: Bool) throws {
        let type = HDF5StringCodec.makeVariableLengthUTF8Type()
        defer { H5Tclose(type) }
        var length = hsize_t(strings.count)
        let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &length, nil)
        defer { H5Sclose(space) }
        try createAttribute(name, type: type, space: space) { attribute in
            HDF5StringCodec.withCStringPointers(strings) { H5Awrite(attribute, type, $0) }
        }
    }

    private func createAttribute(_ name: String, type: hid_t, space: hid_t,
                                 write: (hid_t) -> herr_t) throws {
        if hasAttribute(name) { H5Adelete(id, name) }
        let attribute = H5Acreate2(id, name, type, space, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
        guard attribute >= 0 else { throw error("cannot create attribute '\(name)'") }
        defer { H5Aclose(attribute) }
        guard write(attribute) >= 0 else { throw error("cannot write attribute '\(name)'") }
    }

    private func withAttribute<Value>(_ name: String,
                                      _ body: (_ attribute: hid_t, _ type: hid_t, _ count: Int) -> Value?) throws -> Value? {
        guard hasAttribute(name) else { return nil }
        let attribute = H5Aopen(id, name, hid_t(H5P_DEFAULT))
        guard attribute >= 0 else { throw error("cannot open attribute '\(name)'") }
        defer { H5Aclose(attribute) }
        let type = H5Aget_type(attribute)
        defer { H5Tclose(type) }
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        let count = Int(H5Sget_simple_extent_npoints(space))
        guard let value = body(attribute, type, count) else {
            throw error("attribute '\(name)' has an unexpected type")
        }
        return value
    }
}

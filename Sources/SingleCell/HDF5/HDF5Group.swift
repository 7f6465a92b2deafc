import CHDF5

/// An HDF5 group: named links to groups and datasets.
final class HDF5Group: HDF5Object {
    let id: hid_t
    let file: HDF5File
    let path: String

    init(file: HDF5File, parentID: hid_t, name: String, path: String, creating: Bool) throws {
        self.file = file
        self.path = path
        let id = creating
            ? H5Gcreate2(parentID, name, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            : H5Gopen2(parentID, name, hid_t(H5P_DEFAULT))
        guard id >= 0 else {
            throw HDF5Library.error(file: file.path, location: path,
                                    creating ? "cannot create group" : "expected a group")
        }
        self.id = id
    }

    deinit { H5Gclose(id) }

    /// What `name` (a relative path such as `features/id`) points to, or `nil` when it does not exist.
    func kind(of name: String) -> HDF5ObjectKind? {
        var prefix = ""
        for component in name.split(separator: "/") {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            guard H5Lexists(id, prefix, hid_t(H5P_DEFAULT)) > 0 else { return nil }
        }
        let object = H5Oopen(id, name, hid_t(H5P_DEFAULT))
        guard object >= 0 else { _ = HDF5Library.errorStackMessage(); return nil }
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return nil
        }
    }

    /// The names of the direct members, in libhdf5's name order.
    func memberNames() -> [String] {
        var names: [String] = []
        withUnsafeMutablePointer(to: &names) { pointer in
            _ = H5Literate(id, H5_INDEX_NAME, H5_ITER_INC, nil, { _, name, _, clientData in
                clientData!.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name!))
                return 0
            }, pointer)
        }
        return names
    }

    /// Opens the group at the relative path `name`.
    func group(_ name: String) throws -> HDF5Group {
        guard kind(of: name) == .group else { throw missing(name, expected: "a group") }
        return try HDF5Group(file: file, parentID: id, name: name, path: childPath(name), creating: false)
    }

    /// Opens the dataset at the relative path `name`.
    func dataset(_ name: String) throws -> HDF5Dataset {
        guard kind(of: name) == .dataset else { throw missing(name, expected: "a dataset") }
        return try HDF5Dataset(group: self, name: name)
    }

    /// Creates a child group.
    func createGroup(_ name: String) throws -> HDF5Group {
        try HDF5Group(file: file, parentID: id, name: name, path: childPath(name), creating: true)
    }

    private func missing(_ name: String, expected: String) -> SingleCellError {
        let found = kind(of: name).map { "a \($0)" } ?? "nothing"
        return SingleCellError(file: file.path, location: childPath(name), "expected \(expected), found \(found)")
    }
}

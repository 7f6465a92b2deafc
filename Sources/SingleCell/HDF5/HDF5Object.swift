import CHDF5

/// What an HDF5 link points to.
enum HDF5ObjectKind {
    case group, dataset
}

/// A group or dataset: something with an identifier, a path in its file, and attributes.
protocol HDF5Object: AnyObject {
    var id: hid_t { get }
    var file: HDF5File { get }
    /// Absolute path inside the file, used in error messages.
    var path: String { get }
}

extension HDF5Object {
    /// An error located at this object, with libhdf5's explanation when it has one.
    func error(_ expectation: String) -> SingleCellError {
        HDF5Library.error(file: file.path, location: path, expectation)
    }

    /// The path of a child called `name`.
    func childPath(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}

import CHDF5
import Foundation

/// An open HDF5 file; closed when the last reference to it or to one of its objects goes away.
final class HDF5File {
    let id: hid_t
    /// The path the file was opened at, used in error messages.
    let path: String

    /// Opens an existing file read-only.
    init(openingForReading path: String) throws {
        _ = HDF5Library.initialized
        guard FileManager.default.fileExists(atPath: path) else {
            throw SingleCellError(file: path, "file does not exist")
        }
        let id = H5Fopen(path, smithy_H5F_ACC_RDONLY(), hid_t(H5P_DEFAULT))
        guard id >= 0 else {
            throw HDF5Library.error(file: path, location: nil,
                                    "cannot be opened as an HDF5 file (missing, truncated or not HDF5)")
        }
        self.id = id
        self.path = path
    }

    /// Creates a new file, replacing any file at `path`.
    init(creating path: String) throws {
        _ = HDF5Library.initialized
        let id = H5Fcreate(path, smithy_H5F_ACC_TRUNC(), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
        guard id >= 0 else { throw HDF5Library.error(file: path, location: nil, "cannot create HDF5 file") }
        self.id = id
        self.path = path
    }

    deinit { H5Fclose(id) }

    /// The root group `/`.
    func rootGroup() throws -> HDF5Group {
        try HDF5Group(file: self, parentID: id, name: "/", path: "/", creating: false)
    }

    /// Writes buffered data to disk; a file that flushed cleanly is complete on disk.
    func flush() throws {
        guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else {
            throw HDF5Library.error(file: path, location: nil, "cannot flush to disk")
        }
    }
}

import CZlib
import Foundation

/// A text file being written: plain, or gzip-compressed through zlib when its name ends in `.gz`.
final class TextFileWriter {
    private let path: String
    private var handle: FileHandle?
    private var gzip: gzFile?

    /// Creates (truncates) `path`; `displayPath` names the file in errors.
    init(path: String, compressed: Bool, displayPath: String) throws {
        self.path = displayPath
        if compressed {
            guard let file = gzopen(path, "wb6") else {
                throw SingleCellError(file: displayPath, "cannot create the gzip output file")
            }
            gzip = file
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let file = FileHandle(forWritingAtPath: path) else {
                throw SingleCellError(file: displayPath, "cannot create the output file")
            }
            handle = file
        }
    }

    /// Appends `text` as UTF-8.
    func write(_ text: String) throws {
        var bytes = Array(text.utf8)
        if let gzip {
            let written = bytes.withUnsafeMutableBytes { gzwrite(gzip, $0.baseAddress, UInt32($0.count)) }
            guard written == Int32(bytes.count) || bytes.isEmpty else {
                throw SingleCellError(file: path, "gzip compression failed while writing")
            }
        } else {
            try handle?.write(contentsOf: Data(bytes))
        }
        bytes.removeAll()
    }

    /// Flushes and closes the file.
    func close() throws {
        if let gzip {
            self.gzip = nil
            guard gzclose(gzip) == Z_OK else { throw SingleCellError(file: path, "gzip compression failed while closing") }
        }
        try handle?.close()
        handle = nil
    }
}

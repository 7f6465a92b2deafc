import CHDF5

/// Process-wide libhdf5 set-up and access to its error stack.
enum HDF5Library {
    /// Opens the library once and turns off its automatic error printing: errors are reported
    /// through `SingleCellError` built from the error stack instead.
    static let initialized: Bool = {
        H5open()
        H5Eset_auto2(smithy_H5E_DEFAULT(), nil, nil)
        return true
    }()

    /// The innermost messages of the current thread's error stack, joined; empty when the stack is empty.
    static func errorStackMessage() -> String {
        var messages: [String] = []
        withUnsafeMutablePointer(to: &messages) { pointer in
            _ = H5Ewalk2(smithy_H5E_DEFAULT(), H5E_WALK_UPWARD, { _, error, clientData in
                let messages = clientData!.assumingMemoryBound(to: [String].self)
                if let description = error?.pointee.desc {
                    let text = String(cString: description)
                    if !text.isEmpty && !messages.pointee.contains(text) { messages.pointee.append(text) }
                }
                return 0
            }, pointer)
        }
        H5Eclear2(smithy_H5E_DEFAULT())
        return messages.prefix(2).joined(separator: "; ")
    }

    /// Builds an error for a failed call, adding libhdf5's own explanation when it has one.
    static func error(file: String, location: String?, _ expectation: String) -> SingleCellError {
        let detail = errorStackMessage()
        return SingleCellError(file: file, location: location,
                               detail.isEmpty ? expectation : "\(expectation) (libhdf5: \(detail))")
    }
}

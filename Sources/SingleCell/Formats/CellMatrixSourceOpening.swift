/// Opens any supported single-cell file, recognising the format by its HDF5 layout rather than its name.
public enum CellMatrixSourceOpening {
    /// Opens `path` as AnnData, 10x CellRanger (v2/v3) or Loom.
    /// - Parameter annDataMatrix: which AnnData matrix to read; ignored for other formats.
    public static func open(_ path: String, annDataMatrix: AnnDataMatrix = .x) throws -> CellMatrixSource {
        let root = try HDF5File(openingForReading: path).rootGroup()
        if root.kind(of: "obs") == .group && root.kind(of: "var") == .group {
            return try AnnDataSource(path: path, matrix: annDataMatrix)
        }
        if root.kind(of: "matrix") == .dataset && root.kind(of: "row_attrs") == .group {
            return try LoomSource(path: path)
        }
        if root.kind(of: "matrix/features") == .group
            || root.memberNames().contains(where: { root.kind(of: "\($0)/indptr") == .dataset }) {
            return try TenXSource(path: path)
        }
        throw SingleCellError(file: path, "expected an AnnData (.h5ad), 10x CellRanger (.h5) or Loom file; found top-level members \(root.memberNames().joined(separator: ", "))")
    }
}

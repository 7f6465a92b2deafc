/// Which matrix of an AnnData file holds the counts.
public enum AnnDataMatrix: Equatable {
    /// `X`, with genes described by `var`.
    case x
    /// `layers/<name>`, with genes described by `var`.
    case layer(String)
    /// `raw/X`, with genes described by `raw/var`.
    case raw

    /// Parses a command-line value: `X`, `raw` (or `raw/X`), or a layer name.
    public init(_ text: String) {
        switch text {
        case "X", "": self = .x
        case "raw", "raw/X": self = .raw
        default: self = .layer(text.hasPrefix("layers/") ? String(text.dropFirst("layers/".count)) : text)
        }
    }

    var matrixPath: String {
        switch self {
        case .x: return "X"
        case .layer(let name): return "layers/\(name)"
        case .raw: return "raw/X"
        }
    }

    var genePath: String { self == .raw ? "raw/var" : "var" }
}

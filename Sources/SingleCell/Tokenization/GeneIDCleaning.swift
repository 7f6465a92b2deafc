/// Gene-ID checks and fixes applied before dictionary lookup.
enum GeneIDCleaning {
    /// `ENSG00000141510.12` → `ENSG00000141510`; other IDs unchanged.
    static func strippingVersionSuffix(_ id: String) -> String {
        guard id.hasPrefix("ENS"), let dot = id.lastIndex(of: "."),
              id[id.index(after: dot)...].allSatisfy(\.isNumber), id.index(after: dot) != id.endIndex else { return id }
        return String(id[..<dot])
    }

    /// Whether a noticeable share of IDs look like versioned Ensembl IDs.
    static func manyHaveVersionSuffix(_ ids: [String]) -> Bool {
        let versioned = ids.lazy.filter { strippingVersionSuffix($0) != $0 }.count
        return versioned * 5 >= ids.count && versioned > 0
    }
}

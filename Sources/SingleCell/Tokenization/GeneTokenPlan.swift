/// How a file's genes become tokenizer columns, exactly as Geneformer's `sum_ensembl_ids` and gene filter do.
///
/// Let A be the input IDs found in the mapping (exact case) and B their mapped IDs. When A and B have as
/// many distinct values, every gene keeps its own column, mapped through its upper-cased ID. Otherwise
/// genes mapping to the same ID are summed: columns are the non-duplicated genes in input order, then the
/// summed IDs in order of first appearance. Genes without a token are dropped (they still count in n_counts).
public struct GeneTokenPlan {
    /// For each input gene, its column, or -1 when the gene is dropped.
    public let columnOfGene: [Int32]
    /// For each column, its token ID.
    public let tokenOfColumn: [Int32]
    /// For each column, its gene median.
    public let medianOfColumn: [Double]
    /// Whether some columns sum several input genes.
    public let sumsDuplicates: Bool

    /// The number of input genes that have a token.
    public var matchedGeneCount: Int { columnOfGene.lazy.filter { $0 >= 0 }.count }
    /// The number of tokenizer columns.
    public var columnCount: Int { tokenOfColumn.count }

    public init(geneIDs: [String], dictionaries: GeneformerDictionaries) {
        let mapping = dictionaries.ensemblMapping
        let mapped = geneIDs.map { mapping[$0.uppercased()] }
        let exactMatches = geneIDs.filter { mapping[$0] != nil }
        sumsDuplicates = Set(exactMatches).count != Set(exactMatches.map { mapping[$0]! }).count

        var orderedIDs: [String] = []
        var columnOfGene = [Int32](repeating: -1, count: geneIDs.count)
        if sumsDuplicates {
            var occurrences: [String: Int] = [:]
            var firstAppearance: [String] = []
            for case let id? in mapped {
                if occurrences[id] == nil { firstAppearance.append(id) }
                occurrences[id, default: 0] += 1
            }
            for (gene, id) in mapped.enumerated() where id != nil && occurrences[id!] == 1 {
                columnOfGene[gene] = Int32(orderedIDs.count)
                orderedIDs.append(id!)
            }
            var summedColumn: [String: Int32] = [:]
            for id in firstAppearance where occurrences[id]! > 1 {
                summedColumn[id] = Int32(orderedIDs.count)
                orderedIDs.append(id)
            }
            for (gene, id) in mapped.enumerated() where id != nil && occurrences[id!]! > 1 {
                columnOfGene[gene] = summedColumn[id!]!
            }
        } else {
            for (gene, id) in mapped.enumerated() where id != nil {
                columnOfGene[gene] = Int32(orderedIDs.count)
                orderedIDs.append(id!)
            }
        }
        self.columnOfGene = columnOfGene
        tokenOfColumn = orderedIDs.map { dictionaries.tokenIDs[$0]! }
        medianOfColumn = orderedIDs.map { dictionaries.medians[$0]! }
    }
}

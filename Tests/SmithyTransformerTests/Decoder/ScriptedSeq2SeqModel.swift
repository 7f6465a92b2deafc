import SmithyTensor
import SmithyTransformer

/// A stand-in model whose next-token log-probabilities are a function of the row's source id (the
/// first source token) and the prefix fed so far, for exact generator tests. Counts its steps.
final class ScriptedSeq2SeqModel: Seq2SeqGenerating {
    final class Cache: DecodingCache {
        var sources: [Int]
        var prefixes: [[Int]]

        init(sources: [Int]) {
            self.sources = sources
            prefixes = sources.map { _ in [] }
        }

        var batch: Int { sources.count }

        func select(batchEntries indices: [Int]) {
            sources = indices.map { sources[$0] }
            prefixes = indices.map { prefixes[$0] }
        }
    }

    let script: (_ source: Int, _ prefix: [Int]) -> [Float]
    private(set) var steps = 0

    init(script: @escaping (_ source: Int, _ prefix: [Int]) -> [Float]) { self.script = script }

    /// [B, Ls, 1]: the source ids themselves.
    func encode(sourceIds: [Int], shape: [Int], sourceIsToken: [Bool]?) -> Tensor {
        Tensor(sourceIds.map(Float.init), shape: shape + [1])
    }

    func makeCache(memory: Tensor, sourceIsToken: [Bool]?, useCache: Bool) -> Cache {
        Cache(sources: (0..<memory.shape[0]).map { Int(memory.pointer[$0 * memory.shape[1]]) })
    }

    func decodeStep(_ lastTokens: [Int], cache: Cache) -> Tensor {
        steps += 1
        for row in 0..<cache.batch { cache.prefixes[row].append(lastTokens[row]) }
        let rows = (0..<cache.batch).map { script(cache.sources[$0], cache.prefixes[$0]) }
        return Tensor(rows.flatMap { $0 }, shape: [rows.count, rows[0].count])
    }
}

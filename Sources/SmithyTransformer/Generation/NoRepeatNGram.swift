/// The tokens that would repeat an n-gram of `sequence` if appended (the original's and Hugging
/// Face's `no_repeat_ngram_size`): for n = 1 every token already present; for n ≥ 2 every token
/// that followed an earlier occurrence of the last n − 1 tokens. `size` 0 bans nothing.
public func tokensRepeatingNGram(in sequence: [Int], size: Int) -> Set<Int> {
    guard size > 0, sequence.count >= size else { return [] }
    let context = sequence.suffix(size - 1)
    var banned: Set<Int> = []
    for start in 0...(sequence.count - size) where sequence[start..<(start + size - 1)].elementsEqual(context) {
        banned.insert(sequence[start + size - 1])
    }
    return banned
}

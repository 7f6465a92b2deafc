import SmithyTensor

/// BERT's masking for masked-language-model training (Hugging Face's
/// `DataCollatorForLanguageModeling`): each non-special token is selected with probability
/// `maskProbability`; a selected token becomes `maskToken` 80% of the time, a random non-special
/// token 10%, and stays unchanged 10%. Only selected positions carry a label.
///
/// Difference from the AttentionSmithy example: that code replaces every selected token by
/// `<mask>` and may select padding and special tokens; Geneformer (and this) follow BERT.
public struct MaskedLanguageModeling {
    public let maskToken: Int
    /// Token ids never selected (padding, mask, cls, eos…).
    public let specialTokens: Set<Int>
    /// Ids drawn from for the random replacement (every non-special id).
    public let vocabularySize: Int
    public let maskProbability: Float

    public init(maskToken: Int, specialTokens: Set<Int>, vocabularySize: Int, maskProbability: Float = 0.15) {
        self.maskToken = maskToken
        self.specialTokens = specialTokens
        self.vocabularySize = vocabularySize
        self.maskProbability = maskProbability
    }

    /// The corrupted ids and, per selected position, (flattened position, original id).
    public func mask(_ ids: [Int], isToken: [Bool], generator: RandomGenerator) -> (ids: [Int], targets: [(position: Int, id: Int)]) {
        var corrupted = ids
        var targets: [(Int, Int)] = []
        for position in ids.indices where isToken[position] && !specialTokens.contains(ids[position]) {
            guard generator.nextUniform() < maskProbability else { continue }
            targets.append((position, ids[position]))
            let roll = generator.nextUniform()
            if roll < 0.8 {
                corrupted[position] = maskToken
            } else if roll < 0.9 {
                var replacement = generator.nextIndex(below: vocabularySize)
                while specialTokens.contains(replacement) { replacement = generator.nextIndex(below: vocabularySize) }
                corrupted[position] = replacement
            }
        }
        return (corrupted, targets)
    }
}

/// Which coordinates of a head vector rotary embedding rotates together as a 2-D pair.
///
/// Both are the same rotation by angle p·θ^(−2i/d) of pair i; they differ only in which two
/// coordinates form pair i, so weights trained with one convention need the other's coordinate
/// order permuted before they work with it.
public enum RotaryConvention: String, Codable, Sendable {
    /// Pairs (2i, 2i+1): the original (through rotary-embedding-torch) and RoFormer.
    case interleaved
    /// Pairs (i, i + d/2): Hugging Face LLaMA / GPT-NeoX `rotate_half`.
    case halfSplit
}

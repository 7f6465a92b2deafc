import SmithyTensor
import SmithyTransformer
import XCTest

/// Random per-head inputs for an attention method: query [B, H, Lq, d], key and value
/// [B, H, Lk, d], and a cotangent [B, H, Lq, d] for sum(out · cotangent).
struct AttentionInputs {
    let query: Tensor
    let key: Tensor
    let value: Tensor
    let cotangent: Tensor

    init(batch: Int, heads: Int, queries: Int, keys: Int, headDimension: Int, seed: UInt64) {
        let generator = RandomGenerator(seed: seed)
        query = Tensor.randomNormal([batch, heads, queries, headDimension], generator: generator)
        key = Tensor.randomNormal([batch, heads, keys, headDimension], generator: generator)
        value = Tensor.randomNormal([batch, heads, keys, headDimension], generator: generator)
        cotangent = Tensor.randomNormal([batch, heads, queries, headDimension], generator: generator)
    }

    init(query: Tensor, key: Tensor, value: Tensor, cotangent: Tensor) {
        (self.query, self.key, self.value, self.cotangent) = (query, key, value, cotangent)
    }
}

/// An attention method's output and the gradients of sum(output · cotangent) for q, k and v.
struct AttentionRun {
    let output: Tensor
    let queryGradient: Tensor
    let keyGradient: Tensor
    let valueGradient: Tensor
}

extension AttentionRun {
    /// Runs `method` on fresh leaves made from `inputs` and back-propagates the cotangent.
    init(_ method: AttentionMethod, _ inputs: AttentionInputs, mask: AttentionMask, bias: AttentionBias? = nil,
         training: Bool = false) {
        let leaves = [inputs.query, inputs.key, inputs.value].map { Tensor($0.scalars, shape: $0.shape, requiresGrad: true) }
        let result = method.attend(query: leaves[0], key: leaves[1], value: leaves[2], mask: mask, bias: bias, training: training)
        result.output.backward(inputs.cotangent)
        output = result.output.detached()
        queryGradient = leaves[0].grad!
        keyGradient = leaves[1].grad!
        valueGradient = leaves[2].grad!
    }

    /// Asserts outputs and all three gradients match `expected` element-wise.
    func assertMatches(_ expected: AttentionRun, atol: Float = 2e-5, rtol: Float = 1e-4, _ label: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        assertClose(output, expected.output, atol: atol, rtol: rtol, "\(label) output", file: file, line: line)
        assertClose(queryGradient, expected.queryGradient, atol: atol, rtol: rtol, "\(label) dQ", file: file, line: line)
        assertClose(keyGradient, expected.keyGradient, atol: atol, rtol: rtol, "\(label) dK", file: file, line: line)
        assertClose(valueGradient, expected.valueGradient, atol: atol, rtol: rtol, "\(label) dV", file: file, line: line)
    }
}

/// Key padding flags [batch × keys]: batch entry b has its last `padding[b]` keys padded.
func keyPadding(keys: Int, padding: [Int]) -> [Bool] {
    padding.flatMap { pad in (0..<keys).map { $0 < keys - pad } }
}

/// The standard method on the composed-ops path (the reference every fast path is checked against).
func composedAttention() -> ScaledDotProductAttention {
    ScaledDotProductAttention(usesFusedKernel: false, generator: RandomGenerator(seed: 0))
}

/// A fixed bias [1, heads, queries, keys] with random values in [−2, 2] (ALiBi-like, per head).
func randomBias(heads: Int, queries: Int, keys: Int, seed: UInt64) -> TensorAttentionBias {
    TensorAttentionBias(Tensor.randomUniform([1, heads, queries, keys], low: -2, high: 2, generator: RandomGenerator(seed: seed)))
}

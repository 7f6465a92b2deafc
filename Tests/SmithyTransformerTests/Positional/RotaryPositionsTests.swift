import Foundation
import SmithyTensor
import SmithyTransformer
import XCTest

/// Rotary positions: interleaved against rotary-embedding-torch's formula, half-split against
/// transformers' LLaMA `apply_rotary_pos_emb`, with gradients; the hand-written op against the
/// same rotation composed from tensor ops.
final class RotaryPositionsTests: XCTestCase {
    func testInterleavedMatchesRotaryEmbeddingTorch() throws {
        try checkAgainstFixture(.interleaved, "positional/rotary_interleaved.safetensors")
    }

    func testHalfSplitMatchesLlamaApplyRotaryPosEmb() throws {
        try checkAgainstFixture(.halfSplit, "positional/rotary_half_split.safetensors")
    }

    func testSequentialCacheGrowsAcrossCalls() throws {
        let fixture = try Fixture("positional/rotary_half_split.safetensors")
        let rotary = RotaryPositions(headDimension: 8, rotatedDimension: 6, base: 500, convention: .halfSplit)
        _ = rotary.apply(to: .zeros([1, 1, 2, 8]), positions: .sequential(length: 2))
        let out = rotary.apply(to: try fixture.tensor("partial_x"), positions: .sequential(length: 5, offset: 3))
        assertClose(out, try fixture.tensor("partial_out"), atol: 1e-5, rtol: 1e-5, "rotary after cache growth")
    }

    /// The hand-written op equals the composed-ops rotation, forward and backward, and prints both timings.
    func testHandWrittenOpMatchesComposedOpsAndIsTimed() {
        let generator = RandomGenerator(seed: 7)
        let (batch, heads, length, width) = (4, 8, 128, 64)
        let rotary = RotaryPositions(headDimension: width, convention: .interleaved)
        let x = Tensor.randomNormal([batch, heads, length, width], generator: generator)
        x.requiresGrad = true
        let cotangent = Tensor.randomNormal(x.shape, generator: generator)
        let (cos, sin) = interleavedTables(length: length, width: width)

        let handWritten = rotary.apply(to: x, positions: .sequential(length: length))
        handWritten.backward(cotangent)
        let handWrittenGradient = x.grad!
        x.grad = nil
        let composed = composedInterleavedRotation(x, cos: cos, sin: sin)
        composed.backward(cotangent)
        assertClose(handWritten, composed, atol: 1e-5, rtol: 1e-5, "rotary op vs composed")
        assertClose(handWrittenGradient, x.grad!, atol: 1e-5, rtol: 1e-5, "rotary op vs composed gradient")

        let iterations = 10
        let handWrittenSeconds = time(iterations) {
            rotary.apply(to: x, positions: .sequential(length: length)).backward(cotangent)
        }
        let composedSeconds = time(iterations) { composedInterleavedRotation(x, cos: cos, sin: sin).backward(cotangent) }
        print("rotary [\(batch),\(heads),\(length),\(width)] forward+backward: hand-written op",
              String(format: "%.2f ms, composed ops %.2f ms", handWrittenSeconds * 1000, composedSeconds * 1000))
    }

    private func checkAgainstFixture(_ convention: RotaryConvention, _ path: String) throws {
        let fixture = try Fixture(path)
        for (name, rotated, base, offset) in [("full", 8, Float(10000), 0), ("partial", 6, 500, 3), ("custom", 8, 10000, 0)] {
            let rotary = RotaryPositions(headDimension: 8, rotatedDimension: rotated, base: base, convention: convention)
            let x = try fixture.tensor("\(name)_x")
            x.requiresGrad = true
            let positions: TokenPositions = name == "custom"
                ? .custom(try fixture.tensor("custom_positions").scalars, batch: 2, length: 5)
                : .sequential(length: 5, offset: offset)
            let out = rotary.apply(to: x, positions: positions)
            assertClose(out, try fixture.tensor("\(name)_out"), atol: 1e-5, rtol: 1e-5, "\(convention) \(name)")
            out.backward(try fixture.tensor("\(name)_cot"))
            assertClose(x.grad!, try fixture.tensor("\(name)_grad_x"), atol: 1e-5, rtol: 1e-5, "\(convention) \(name) gradient")
        }
    }

    /// cos and sin of position·θ^(−2i/d) repeated per coordinate of each interleaved pair: [length, width].
    private func interleavedTables(length: Int, width: Int) -> (Tensor, Tensor) {
        var cos: [Float] = [], sin: [Float] = []
        for position in 0..<length {
            for coordinate in 0..<width {
                let angle = Float(position) * (1 / Foundation.pow(10000, Float(coordinate / 2 * 2) / Float(width)))
                cos.append(Foundation.cos(angle))
                sin.append(Foundation.sin(angle))
            }
        }
        return (Tensor(cos, shape: [length, width]), Tensor(sin, shape: [length, width]))
    }

    /// x·cos + rotate_half(x)·sin with rotate_half on adjacent pairs, from differentiable tensor ops.
    private func composedInterleavedRotation(_ x: Tensor, cos: Tensor, sin: Tensor) -> Tensor {
        let pairs = x.reshaped(x.shape.dropLast() + [x.shape[3] / 2, 2]).split(sizes: [1, 1], axis: -1)
        let rotatedHalf = concat([pairs[1] * -1, pairs[0]], axis: -1).reshaped(x.shape)
        return x * cos + rotatedHalf * sin
    }

    private func time(_ iterations: Int, _ body: () -> Void) -> Double {
        body()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations)
    }
}

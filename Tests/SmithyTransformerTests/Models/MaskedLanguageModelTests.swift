import Foundation
import SmithyNN
import SmithyTensor
import SmithyTraining
import SmithyTransformer
import XCTest

final class MaskedLanguageModelTests: XCTestCase {
    private let configuration = EncoderConfiguration.bert(vocabularySize: 40, modelDimension: 16, heads: 2,
                                                          feedForwardDimension: 24, layers: 2, activation: .gelu,
                                                          maxPositions: 12)
    private let shape = [2, 6]
    private let ids = [5, 7, 9, 11, 13, 15, 21, 23, 25, 0, 0, 0]
    private let mask = [true, true, true, true, true, true, true, true, true, false, false, false]

    func testLogitsAtPositionsEqualFullLogitsThere() {
        let model = MaskedLanguageModel(configuration, generator: RandomGenerator(seed: 7))
        model.eval()
        let positions = [1, 4, 6, 8]
        let full = model.logits(ids: ids, shape: shape, attentionMask: mask)
        let selected = model.logits(ids: ids, shape: shape, attentionMask: mask, at: positions)
        XCTAssertEqual(full.shape, [2, 6, 40])
        XCTAssertEqual(selected.shape, [4, 40])
        let rows = positions.map { full.reshaped([12, 40]).slice(axis: 0, $0..<$0 + 1) }
        assertClose(selected, concat(rows, axis: 0), atol: 1e-6, rtol: 1e-6, "selected logits")
    }

    /// The loss and its gradients equal cross-entropy over the full logits with −100 labels ignored.
    func testMaskedLanguageModelLossMatchesFullCrossEntropy() {
        let model = MaskedLanguageModel(configuration, generator: RandomGenerator(seed: 8))
        model.eval()
        var labels = Array(repeating: -100, count: 12)
        labels[2] = 17
        labels[7] = 3
        let loss = model.mlmLoss(ids: ids, shape: shape, attentionMask: mask, labels: labels)
        loss.backward()
        let gradients = model.parameters.map { $0.grad!.copy() }
        model.zeroGradients()
        let reference = crossEntropy(logits: model.logits(ids: ids, shape: shape, attentionMask: mask), targets: labels)
        reference.backward()
        XCTAssertEqual(loss.item, reference.item, accuracy: 1e-5)
        XCTAssertGreaterThan(loss.item, 0)
        for ((name, parameter), gradient) in zip(model.namedParameters(), gradients) {
            assertClose(gradient, parameter.grad!, atol: 1e-6, rtol: 1e-4, "gradient of \(name)")
        }
    }

    func testTiedDecoderIsOneParameterAndPaddingRowStartsAtZero() {
        let model = MaskedLanguageModel(configuration, generator: RandomGenerator(seed: 9))
        XCTAssertFalse(model.namedParameters().contains { $0.name.contains("decoder") })
        let word = model.body.embeddings.word.weight
        XCTAssertEqual(Array(word.scalars[0..<16]), Array(repeating: 0, count: 16))
        // BERT initialisation: N(0, 0.02²) weights, zero biases.
        let values = model.head.transform.weight.scalars
        let std = (values.map { $0 * $0 }.reduce(0, +) / Float(values.count)).squareRoot()
        XCTAssertEqual(std, 0.02, accuracy: 0.002)
        XCTAssertEqual(model.head.transform.bias!.scalars, Array(repeating: 0, count: 16))
    }

    func testConfigurationCodableRoundTrip() throws {
        let data = try JSONEncoder().encode(EncoderConfiguration.geneformerV1)
        XCTAssertEqual(try JSONDecoder().decode(EncoderConfiguration.self, from: data), .geneformerV1)
        XCTAssertEqual(EncoderConfiguration.geneformerV1.headActivation, .relu)
    }

    /// Forward + backward of the Geneformer V1 model at 8 × 512 with logits at 15% of positions,
    /// in training mode (dropout on) and in eval mode.
    /// A measurement, not a check: runs only with SMITHY_BERT_BENCH=1 and prints the figures.
    func testMeasureGeneformerForwardBackward() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["SMITHY_BERT_BENCH"] == "1", "set SMITHY_BERT_BENCH=1 to measure")
        let model = MaskedLanguageModel(.geneformerV1, generator: RandomGenerator(seed: 1))
        let (batch, length) = (8, 512)
        let generator = RandomGenerator(seed: 2)
        let ids = Tensor.randomUniform([batch * length], low: 1, high: 25_000, generator: generator).scalars.map { Int($0) }
        let draws = Tensor.randomUniform([batch * length], low: 0, high: 1, generator: generator).scalars
        let labels = zip(ids, draws).map { $1 < 0.15 ? $0 : -100 }
        for (run, training) in [(0, true), (1, true), (2, false), (3, false)] {
            model.train(training)
            model.zeroGradients()
            MemoryStatistics.resetPeak()
            let start = Date()
            let loss = model.mlmLoss(ids: ids, shape: [batch, length], attentionMask: nil, labels: labels)
            let forward = Date()
            loss.backward()
            let end = Date()
            print(String(format: "[bert bench] run %d (%@): forward %.3f s, backward %.3f s, total %.3f s, peak tensor memory %.1f MiB, process peak RSS %.1f MiB, masked %d",
                         run, training ? "train" : "eval", forward.timeIntervalSince(start), end.timeIntervalSince(forward), end.timeIntervalSince(start),
                         Double(MemoryStatistics.peakBytes) / 1_048_576,
                         Double(MemoryStatistics.processPeakResidentBytes() ?? 0) / 1_048_576, labels.filter { $0 != -100 }.count))
        }
    }
}

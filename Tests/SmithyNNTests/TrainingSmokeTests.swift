import SmithyNN
import SmithyTensor
import SmithyTraining
import XCTest

/// Modules, autodiff, loss, clipping, schedule and optimizer together: a two-layer perceptron
/// learns XOR, which no linear model can.
final class TrainingSmokeTests: XCTestCase {
    func testTwoLayerPerceptronLearnsNoisyXOR() {
        let generator = RandomGenerator(seed: 2024)
        let (inputs, labels) = noisyXOR(count: 128, generator: generator)
        let hidden = Linear(2, 16, generator: generator), output = Linear(16, 2, generator: generator)
        let parameters = hidden.parameters + output.parameters
        let optimizer = Adam.adamW(parameters: parameters, learningRate: 0.05, weightDecay: 0.01)
        let schedule = LearningRateSchedule.linearWarmupDecay(warmup: 20, total: 400)
        func logits() -> Tensor { output(hidden(inputs).tanh()) }

        let initialLoss = crossEntropy(logits: logits(), targets: labels).item
        var loss = initialLoss
        for step in 0..<300 {
            optimizer.zeroGradients()
            let batchLoss = crossEntropy(logits: logits(), targets: labels)
            batchLoss.backward()
            clipGradientNorm(parameters, maxNorm: 5)
            optimizer.learningRate = 0.05 * schedule.multiplier(at: step)
            optimizer.step()
            loss = batchLoss.item
        }

        XCTAssertGreaterThan(initialLoss, 0.5, "an untrained model is near chance (ln 2 ≈ 0.69)")
        XCTAssertLessThan(loss, 0.05, "training loss should fall from \(initialLoss)")
        let predictions = GradientMode.withoutGradients { logits() }.scalars
        let correct = labels.indices.filter { row in
            (predictions[2 * row + 1] > predictions[2 * row] ? 1 : 0) == labels[row]
        }.count
        XCTAssertEqual(correct, labels.count, "every training point classified correctly")
    }

    /// Points scattered (σ 0.15) around the four corners (±1, ±1); the label is 1 where the signs differ.
    private func noisyXOR(count: Int, generator: RandomGenerator) -> (Tensor, [Int]) {
        var values: [Float] = [], labels: [Int] = []
        for index in 0..<count {
            let a: Float = index % 2 == 0 ? 1 : -1, b: Float = (index / 2) % 2 == 0 ? 1 : -1
            values += [a + 0.15 * generator.nextNormal(), b + 0.15 * generator.nextNormal()]
            labels.append(a == b ? 0 : 1)
        }
        return (Tensor(values, shape: [count, 2]), labels)
    }
}

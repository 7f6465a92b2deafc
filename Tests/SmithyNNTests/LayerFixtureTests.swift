import SmithyNN
import SmithyTensor
import XCTest

/// Each `layers` fixture: the Swift module loaded with PyTorch's parameters must give PyTorch's
/// output and, for the fixture's random cotangent, PyTorch's input and parameter gradients.
final class LayerFixtureTests: XCTestCase {
    /// The fixtures these tests cover; a new `layers` case in the manifest must get a test here.
    private static let coveredCases = ["linear", "embedding_layer", "layer_norm_layer", "rms_norm_layer", "mlp2"]

    func testEveryLayersFixtureHasATest() throws {
        XCTAssertEqual(try ReferenceFixtures.caseNames(group: "layers").sorted(), Self.coveredCases.sorted())
    }

    func testLinearMatchesPyTorch() throws {
        let fixture = try ReferenceFixtures.load("layers", "linear")
        let linear = Linear(4, 5, generator: RandomGenerator(seed: 1))
        try checkLayer(fixture, module: linear, parameterNames: ["weight": "weight", "bias": "bias"]) { linear($0) }
    }

    func testEmbeddingMatchesPyTorch() throws {
        let fixture = try ReferenceFixtures.load("layers", "embedding_layer")
        let embedding = Embedding(count: 12, dimension: 6, generator: RandomGenerator(seed: 1))
        // x0 holds the indices as exact integers in Float.
        try checkLayer(fixture, module: embedding, parameterNames: ["weight": "weight"]) { indices in
            embedding(indices.scalars.map { Int($0) }, shape: indices.shape)
        }
    }

    func testLayerNormMatchesPyTorch() throws {
        let fixture = try ReferenceFixtures.load("layers", "layer_norm_layer")
        let norm = LayerNorm(6, epsilon: 1e-5)
        try checkLayer(fixture, module: norm, parameterNames: ["weight": "weight", "bias": "bias"]) { norm($0) }
    }

    func testRMSNormMatchesPyTorch() throws {
        let fixture = try ReferenceFixtures.load("layers", "rms_norm_layer")
        let norm = RMSNorm(6, epsilon: 1e-6)
        try checkLayer(fixture, module: norm, parameterNames: ["weight": "weight"]) { norm($0) }
    }

    /// Linear(8,16) → exact GELU → Linear(16,4) → mean cross-entropy; PyTorch's nn.Sequential
    /// names its parameters by position (`0.weight`, `2.weight`).
    func testTwoLayerPerceptronWithCrossEntropyMatchesPyTorch() throws {
        let fixture = try ReferenceFixtures.load("layers", "mlp2")
        let model = TwoLayerPerceptron(inputs: 8, hidden: 16, outputs: 4, generator: RandomGenerator(seed: 1))
        let targets = try fixture.integers("x1")
        try checkLayer(fixture, module: model, parameterNames: [
            "0.weight": "hidden.weight", "0.bias": "hidden.bias", "2.weight": "output.weight", "2.bias": "output.bias",
        ]) { input in
            crossEntropy(logits: model(input), targets: targets)
        }
    }

    /// Loads the fixture's parameters into `module` (PyTorch name → Swift dotted name), runs
    /// `forward` on `x0`, back-propagates `cot`, and compares `out`, `grad.<name>` and, where the
    /// input is differentiable (the fixture has it), `grad0`.
    private func checkLayer(_ fixture: ReferenceFixture, module: Module, parameterNames: [String: String],
                            forward: (Tensor) -> Tensor,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(Set(module.namedParameters().map(\.name)), Set(parameterNames.values),
                       "the mapping must name every Swift parameter", file: file, line: line)
        var state: [String: Tensor] = [:]
        for (torchName, swiftName) in parameterNames { state[swiftName] = try fixture.tensor(torchName) }
        try module.load(state)

        let inputIsDifferentiable = fixture.tensors["grad0"] != nil
        let input = try fixture.tensor("x0").copy()
        input.requiresGrad = inputIsDifferentiable
        let output = forward(input)
        var worst = try fixture.assertMatches(output, "out", file: file, line: line)

        output.backward(try fixture.tensor("cot"))
        if inputIsDifferentiable {
            worst = max(worst, try fixture.assertMatches(input.grad, "grad0", file: file, line: line))
        }
        let parameters = Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.name, $0.tensor) })
        for (torchName, swiftName) in parameterNames.sorted(by: { $0.key < $1.key }) {
            worst = max(worst, try fixture.assertMatches(parameters[swiftName]?.grad, "grad.\(torchName)", file: file, line: line))
        }
        print("[fixtures] \(fixture.name): largest |swift − torch| over out and gradients = \(worst)")
    }
}

/// The `mlp2` fixture's model without its loss.
private final class TwoLayerPerceptron: Module {
    let hidden: Linear
    let output: Linear

    init(inputs: Int, hidden: Int, outputs: Int, generator: RandomGenerator) {
        self.hidden = Linear(inputs, hidden, generator: generator)
        output = Linear(hidden, outputs, generator: generator)
        super.init()
    }

    func callAsFunction(_ input: Tensor) -> Tensor { output(hidden(input).gelu()) }
}

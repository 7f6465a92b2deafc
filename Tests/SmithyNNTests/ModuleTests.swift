import Foundation
import SmithyNN
import SmithyTensor
import SmithyTraining
import XCTest

/// Module's reflection-based parameter discovery, freezing, training mode, dropout, and the
/// state dictionary (save, load, and the errors of a load that does not fit).
final class ModuleTests: XCTestCase {
    // MARK: Parameter discovery

    /// As PyTorch's `named_parameters()` / `state_dict()`: a module's own tensors first, then each
    /// child's, children in declaration order (so `scale`, declared last, comes first).
    func testParameterNamesAreDottedPathsOwnTensorsFirstThenChildrenInDeclarationOrder() {
        let model = NestedModel(withNorm: true)
        XCTAssertEqual(model.namedParameters().map(\.name), [
            "scale",
            "proj.weight", "proj.bias",
            "norm.weight", "norm.bias",
            "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        ])
    }

    func testAbsentOptionalChildHasNoParameters() {
        let model = NestedModel(withNorm: false)
        XCTAssertEqual(model.namedParameters().map(\.name), [
            "scale", "proj.weight", "proj.bias", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        ])
        XCTAssertEqual(model.namedChildren().map(\.name), ["proj", "layers.0", "layers.1"])
    }

    func testSubclassListsItsSuperclassPropertiesFirstAndPrefixesDeepPaths() {
        let model = StackedModel()
        XCTAssertEqual(model.namedParameters().map(\.name), [
            "embed.weight", "embed.bias",
            "blocks.0.ffn.weight", "blocks.0.ffn.bias", "blocks.1.ffn.weight", "blocks.1.ffn.bias",
        ])
    }

    func testNamedParametersAreTheModulesOwnTensors() {
        let model = NestedModel(withNorm: true)
        XCTAssertTrue(model.namedParameters().first { $0.name == "layers.1.weight" }?.tensor === model.layers[1].weight)
        XCTAssertTrue(model.stateDictionary()["norm.bias"] === model.norm?.bias)
    }

    func testParameterCountSumsEveryElement() {
        // proj 8→4 (32 + 4), norm 4 (4 + 4), two 4→4 layers (2 × (16 + 4)), scale [2].
        XCTAssertEqual(NestedModel(withNorm: true).parameterCount, 36 + 8 + 40 + 2)
        XCTAssertEqual(NestedModel(withNorm: false).parameterCount, 36 + 40 + 2)
    }

    /// PyTorch's `parameters()` yields a tensor shared by two paths (tied weights, a module used
    /// twice) once. Listed twice, an optimizer would update it twice per step, with two sets of
    /// moments, and gradient clipping would count it twice.
    func testSharedChildModuleParametersAreListedOnce() {
        let shared = Linear(3, 3, generator: RandomGenerator(seed: 8))
        let model = TiedModel(shared: shared)
        XCTAssertEqual(model.parameters.count, 2, "weight and bias of the one shared Linear")
        XCTAssertEqual(model.parameterCount, 12)

        let expected = shared.weight.detached() - 0.1
        shared.weight.grad = Tensor.ones([3, 3])
        SGD(parameters: model.parameters, learningRate: 0.1).step()
        assertClose(shared.weight, expected, atol: 1e-6, rtol: 0, "shared weight after one SGD step of lr 0.1 with gradient 1")
    }

    // MARK: Freezing and training mode

    func testFreezeStopsGradientsAndKeepsInferenceModeUntilUnfrozen() {
        let model = NestedModel(withNorm: true)
        let input = Tensor.randomNormal([3, 8], generator: RandomGenerator(seed: 2))
        model(input).sum().backward()
        XCTAssertTrue(model.parameters.allSatisfy { $0.grad != nil }, "every parameter has a gradient before freezing")

        model.freeze()
        XCTAssertTrue(model.isFrozen && model.proj.isFrozen && model.layers[1].isFrozen)
        XCTAssertTrue(model.parameters.allSatisfy { !$0.requiresGrad && $0.grad == nil })
        XCTAssertTrue(model.trainableParameters.isEmpty)
        model.train()
        XCTAssertFalse(model.isTraining, "a frozen module stays in inference mode")
        XCTAssertFalse(model.layers[0].isTraining, "so do its descendants")

        model.unfreeze()
        XCTAssertFalse(model.isFrozen)
        XCTAssertTrue(model.isTraining && model.layers[0].isTraining)
        XCTAssertTrue(model.parameters.allSatisfy(\.requiresGrad))
        XCTAssertEqual(model.trainableParameters.count, model.parameters.count)
    }

    func testTrainAndEvalReachEveryDescendant() {
        let model = NestedModel(withNorm: true)
        model.eval()
        XCTAssertFalse([model, model.proj, model.norm!, model.layers[0], model.layers[1]].contains { $0.isTraining })
        model.train()
        XCTAssertTrue([model, model.proj, model.norm!, model.layers[0], model.layers[1]].allSatisfy(\.isTraining))
    }

    func testFrozenChildGetsNoGradientAndOptimizerLeavesItUntouched() {
        let model = NestedModel(withNorm: true)
        model.proj.freeze()
        let frozenBefore = model.proj.parameters.map { $0.copy() }
        let trainedBefore = model.layers[0].weight.copy()

        let input = Tensor.randomNormal([3, 8], generator: RandomGenerator(seed: 3))
        let loss = crossEntropy(logits: model(input), targets: [0, 1, 3])
        loss.backward()
        XCTAssertTrue(model.proj.parameters.allSatisfy { $0.grad == nil }, "frozen parameters get no gradient")
        XCTAssertNotNil(model.layers[0].weight.grad)
        XCTAssertEqual(model.trainableParameters.count, model.parameters.count - 2)

        let optimizer = Adam(parameters: model.parameters, learningRate: 0.1)
        optimizer.step()
        for (before, after) in zip(frozenBefore, model.proj.parameters) {
            XCTAssertTrue(bitIdentical(before, after), "Adam must skip frozen parameters")
        }
        XCTAssertFalse(bitIdentical(trainedBefore, model.layers[0].weight), "trainable parameters move")
    }

    // MARK: Dropout

    func testDropoutIsTheIdentityInInferenceMode() {
        let dropout = Dropout(0.5, generator: RandomGenerator(seed: 4))
        dropout.eval()
        let input = Tensor.randomNormal([100], generator: RandomGenerator(seed: 5))
        XCTAssertTrue(bitIdentical(dropout(input), input))
    }

    func testDropoutZeroesAboutPAndRescalesTheRestInTraining() {
        let p: Float = 0.3
        let dropout = Dropout(p, generator: RandomGenerator(seed: 6))
        let input = Tensor.randomUniform([20_000], low: 1, high: 2, generator: RandomGenerator(seed: 7))
        let output = dropout(input)
        let zeroed = output.scalars.filter { $0 == 0 }.count
        // Binomial(20000, 0.3): standard deviation of the fraction ≈ 0.0032.
        XCTAssertEqual(Float(zeroed) / Float(input.count), p, accuracy: 0.02)
        for (x, y) in zip(input.scalars, output.scalars) where y != 0 {
            XCTAssertEqual(y, x / (1 - p), accuracy: 1e-5 * y)
        }
    }

    func testDropoutGradientUsesTheSameMaskAsTheForwardPass() {
        let p: Float = 0.5
        let dropout = Dropout(p, generator: RandomGenerator(seed: 8))
        let input = Tensor.randomUniform([1000], low: 1, high: 2, generator: RandomGenerator(seed: 9))
        input.requiresGrad = true
        let output = dropout(input)
        output.sum().backward()
        for (y, g) in zip(output.scalars, input.grad!.scalars) {
            XCTAssertEqual(g, y == 0 ? 0 : 1 / (1 - p), "kept elements pass the gradient scaled, dropped ones pass none")
        }
    }

    // MARK: State dictionary

    func testStateDictionaryRoundTripsThroughSafeTensorsFile() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let file = directory.appendingPathComponent("model.safetensors")
        let source = NestedModel(withNorm: true, seed: 10)
        try source.save(to: file)
        XCTAssertEqual(Set(try SafeTensors.read(file).tensors.keys), Set(source.namedParameters().map(\.name)))

        let destination = NestedModel(withNorm: true, seed: 11)
        XCTAssertFalse(bitIdentical(source.proj.weight, destination.proj.weight), "different seeds start apart")
        try destination.load(from: file)
        for (original, restored) in zip(source.namedParameters(), destination.namedParameters()) {
            XCTAssertTrue(bitIdentical(original.tensor, restored.tensor), original.name)
        }
    }

    func testLoadingWithoutATensorThrowsNamingIt() {
        let model = NestedModel(withNorm: true)
        var state = NestedModel(withNorm: true, seed: 12).stateDictionary()
        state["layers.1.bias"] = nil
        assertLoadFails(model, state, mentioning: ["missing tensor 'layers.1.bias'", "(4,)"])
    }

    func testLoadingAWronglyShapedTensorThrowsNamingItAndBothShapes() {
        let model = NestedModel(withNorm: true)
        var state = NestedModel(withNorm: true, seed: 12).stateDictionary()
        state["proj.weight"] = Tensor.zeros([4, 7])
        assertLoadFails(model, state, mentioning: ["'proj.weight'", "(4, 7)", "(4, 8)"])
    }

    func testStrictLoadingRejectsAnUnexpectedTensor() throws {
        let model = NestedModel(withNorm: true)
        var state = NestedModel(withNorm: true, seed: 12).stateDictionary()
        state["head.weight"] = Tensor.zeros([2, 2])
        assertLoadFails(model, state, mentioning: ["unexpected tensor 'head.weight'"])

        try model.load(state, strict: false)
        XCTAssertTrue(bitIdentical(model.proj.weight, state["proj.weight"]!), "non-strict loading ignores extra names")
    }

    /// A load that fails must throw StateLoadingError whose description contains every string of
    /// `fragments`, and must leave the module's parameters unchanged.
    private func assertLoadFails(_ model: Module, _ state: [String: Tensor], mentioning fragments: [String],
                                 file: StaticString = #filePath, line: UInt = #line) {
        let before = model.parameters.map { $0.copy() }
        XCTAssertThrowsError(try model.load(state, source: "test-state"), file: file, line: line) { error in
            guard let error = error as? StateLoadingError else {
                return XCTFail("expected StateLoadingError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.source, "test-state", file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(error.description.contains(fragment), "'\(error)' should mention \(fragment)", file: file, line: line)
            }
        }
        for (old, current) in zip(before, model.parameters) {
            XCTAssertTrue(bitIdentical(old, current), "a failed load must change nothing", file: file, line: line)
        }
    }
}

/// A base class whose subclass adds an array of blocks that each hold a Linear.
private class EmbeddedModel: Module {
    let embed = Linear(2, 3, generator: RandomGenerator(seed: 1))
}

private final class StackedModel: EmbeddedModel {
    final class Block: Module {
        let ffn = Linear(3, 3, generator: RandomGenerator(seed: 2))
    }

    let blocks = [Block(), Block()]
}

/// One Linear reachable under two property names (weights tied between two roles).
private final class TiedModel: Module {
    let encoder: Linear
    let decoder: Linear

    init(shared: Linear) {
        encoder = shared
        decoder = shared
        super.init()
    }
}

/// A Linear, an optional LayerNorm, an array of Linears and a bare parameter tensor.
private final class NestedModel: Module {
    let proj: Linear
    let norm: LayerNorm?
    let layers: [Linear]
    let scale: Tensor
    /// Not a Tensor or Module: reflection must skip it.
    let label = "nested"

    init(withNorm: Bool, seed: UInt64 = 1) {
        let generator = RandomGenerator(seed: seed)
        proj = Linear(8, 4, generator: generator)
        norm = withNorm ? LayerNorm(4) : nil
        layers = [Linear(4, 4, generator: generator), Linear(4, 4, generator: generator)]
        scale = .parameter([2], .uniform(bound: 1), generator: generator)
        super.init()
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        var x = proj(input)
        if let norm { x = norm(x) }
        for layer in layers { x = layer(x).relu() }
        return x * scale.sum()
    }
}

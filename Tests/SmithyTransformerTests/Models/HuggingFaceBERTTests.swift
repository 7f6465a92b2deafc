import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// Hugging Face BERT interoperability against transformers (reference/transformer/bert/make_bert_fixtures.py).
final class HuggingFaceBERTTests: XCTestCase {
    static let checkpoint = Fixture.directory.appendingPathComponent("bert/geneformer_small")

    /// Token batch of the fixture: ids [B·L], shape [B, L], mask [B·L].
    private func batch(_ fixture: Fixture) throws -> (ids: [Int], shape: [Int], mask: [Bool]) {
        let ids = try fixture.tensor("input.ids"), mask = try fixture.tensor("input.attention_mask")
        return (ids.scalars.map { Int($0) }, ids.shape, mask.scalars.map { $0 == 1 })
    }

    func testLoadedCheckpointGivesTransformersLogitsAndHiddenStates() throws {
        let fixture = try Fixture("bert/geneformer_small_outputs.safetensors")
        let model = try HuggingFaceBERT.load(directory: Self.checkpoint)
        model.eval()
        let (ids, shape, mask) = try batch(fixture)
        XCTAssertTrue(mask.contains(false), "the fixture batch must contain padding")
        GradientMode.withoutGradients {
            let states = model.hiddenStates(ids: ids, shape: shape, attentionMask: mask)
            XCTAssertEqual(states.count, model.configuration.layers + 1)
            for (index, state) in states.enumerated() {
                assertClose(state, try! fixture.tensor("hidden_states.\(index)"), atol: 1e-4, rtol: 1e-4, "hidden state \(index)")
            }
            let logits = model.logits(ids: ids, shape: shape, attentionMask: mask)
            assertClose(logits, try! fixture.tensor("logits"), atol: 1e-4, rtol: 1e-4, "logits")
        }
    }

    /// The masked-LM loss and its gradients (1-D parameters and the tied word embeddings) equal transformers'.
    func testMaskedLanguageModelLossAndGradientsMatchTransformers() throws {
        let fixture = try Fixture("bert/geneformer_small_outputs.safetensors")
        let model = try HuggingFaceBERT.load(directory: Self.checkpoint)
        model.eval()
        let (ids, shape, mask) = try batch(fixture)
        let labels = try fixture.tensor("mlm.labels").scalars.map { Int($0) }
        let loss = model.mlmLoss(ids: ids, shape: shape, attentionMask: mask, labels: labels)
        XCTAssertEqual(loss.item, try fixture.tensor("mlm.loss").item, accuracy: 1e-4)
        loss.backward()
        let parameters = model.stateDictionary()
        let prefix = "mlm.grad."
        let expected = fixture.tensors.filter { $0.key.hasPrefix(prefix) }
        XCTAssertEqual(expected.count, 37)
        for (own, huggingFace) in HuggingFaceBERTNames.maskedLanguageModel(layers: 3) {
            guard let gradient = expected[prefix + huggingFace] else { continue }
            assertClose(try XCTUnwrap(parameters[own]?.grad, own), gradient, atol: 1e-6, rtol: 1e-3, "gradient of \(own)")
        }
    }

    func testNameTableIsOneToOneAndCoversEveryParameter() throws {
        let fixture = try Fixture("bert/geneformer_small_outputs.safetensors")
        let huggingFaceParameters = try XCTUnwrap(fixture.json("parameter_names") as? [String])
        let layers = 3
        let model = MaskedLanguageModel(.bert(vocabularySize: 16, modelDimension: 8, heads: 2, feedForwardDimension: 12,
                                              layers: layers, maxPositions: 10), generator: RandomGenerator(seed: 1))
        let names = HuggingFaceBERTNames.maskedLanguageModel(layers: layers)
        XCTAssertEqual(Set(names.map(\.ours)).count, names.count, "two Hugging Face names map to one of ours")
        XCTAssertEqual(Set(names.map(\.huggingFace)).count, names.count, "two of our names map to one Hugging Face name")
        XCTAssertEqual(Set(names.map(\.ours)), Set(model.namedParameters().map(\.name)))
        XCTAssertEqual(model.namedParameters().count, names.count)
        // transformers lists the tied decoder bias as a parameter (it is `cls.predictions.bias`).
        XCTAssertEqual(Set(names.map(\.huggingFace)),
                       Set(huggingFaceParameters).subtracting(["cls.predictions.decoder.bias", "cls.predictions.decoder.weight"]))
        let encoderNames = HuggingFaceBERTNames.encoderModel(layers: layers)
        XCTAssertEqual(Set(encoderNames.map(\.ours)), Set(model.body.namedParameters().map(\.name)))
    }

    func testFullGeneformerV1ParameterCountEqualsTransformers() throws {
        let fixture = try Fixture("bert/geneformer_small_outputs.safetensors")
        let expected = try XCTUnwrap(fixture.json("parameter_count_geneformer_v1") as? Int)
        let model = MaskedLanguageModel(.geneformerV1, generator: RandomGenerator(seed: 1))
        // transformers counts the tied decoder weight once and the decoder bias as cls.predictions.bias.
        XCTAssertEqual(model.parameterCount, expected)
    }

    func testMissingAndMisshapedTensorsAreNamed() throws {
        let directory = try temporaryCopyOfCheckpoint()
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        var file = try SafeTensors.read(weightsURL)
        file.tensors["bert.encoder.layer.1.intermediate.dense.weight"] = nil
        file.tensors["cls.predictions.transform.dense.bias"] = Tensor.zeros([255])
        try file.write(to: weightsURL)
        XCTAssertThrowsError(try HuggingFaceBERT.load(directory: directory)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("missing tensor 'bert.encoder.layer.1.intermediate.dense.weight' (expected shape [512, 256])"), message)
            XCTAssertTrue(message.contains("tensor 'cls.predictions.transform.dense.bias' has shape [255], expected [256]"), message)
        }
    }

    func testUnsupportedConfigurationAndUntiedDecoderAreErrors() throws {
        let directory = try temporaryCopyOfCheckpoint()
        let configURL = directory.appendingPathComponent("config.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        json["position_embedding_type"] = "relative_key"
        json["hidden_act"] = "mish"
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
        XCTAssertThrowsError(try HuggingFaceBERT.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("position_embedding_type 'relative_key' is not supported"), "\(error)")
            XCTAssertTrue("\(error)".contains("hidden_act 'mish' is not supported"), "\(error)")
        }

        let untied = try temporaryCopyOfCheckpoint()
        let weightsURL = untied.appendingPathComponent("model.safetensors")
        var file = try SafeTensors.read(weightsURL)
        file.tensors["cls.predictions.decoder.weight"] = Tensor.zeros(file.tensors["bert.embeddings.word_embeddings.weight"]!.shape)
        try file.write(to: weightsURL)
        XCTAssertThrowsError(try HuggingFaceBERT.load(directory: untied)) { error in
            XCTAssertTrue("\(error)".contains("'cls.predictions.decoder.weight' differs"), "\(error)")
        }
    }

    /// Save → load gives bitwise the same parameters and logits; config.json has transformers' keys.
    /// With SMITHY_BERT_EXPORT set, the saved directory also goes there for check_swift_export.py.
    func testSaveLoadRoundTrip() throws {
        let model = try HuggingFaceBERT.load(directory: Self.checkpoint)
        let directory = try temporaryDirectory()
        try HuggingFaceBERT.save(model, to: directory)
        if let export = ProcessInfo.processInfo.environment["SMITHY_BERT_EXPORT"] {
            try HuggingFaceBERT.save(model, to: URL(fileURLWithPath: export))
        }
        let reloaded = try HuggingFaceBERT.load(directory: directory)
        XCTAssertEqual(reloaded.configuration, model.configuration)
        let original = model.stateDictionary()
        for (name, tensor) in reloaded.namedParameters() {
            XCTAssertEqual(tensor.scalars, original[name]!.scalars, name)
        }
        let saved = try SafeTensors.read(directory.appendingPathComponent("model.safetensors"))
        XCTAssertEqual(saved.metadata["format"], "pt")
        XCTAssertEqual(Set(saved.tensors.keys), Set(HuggingFaceBERTNames.maskedLanguageModel(layers: 3).map(\.huggingFace)))

        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("config.json"))) as? [String: Any])
        XCTAssertEqual(json["model_type"] as? String, "bert")
        XCTAssertEqual(json["architectures"] as? [String], ["BertForMaskedLM"])
        XCTAssertEqual(json["hidden_act"] as? String, "relu")
        XCTAssertEqual(json["position_embedding_type"] as? String, "absolute")
        for (key, value) in [("vocab_size", 512.0), ("hidden_size", 256), ("num_hidden_layers", 3), ("num_attention_heads", 4),
                             ("intermediate_size", 512), ("max_position_embeddings", 128), ("type_vocab_size", 2),
                             ("layer_norm_eps", 1e-12), ("hidden_dropout_prob", 0.02), ("attention_probs_dropout_prob", 0.02),
                             ("initializer_range", 0.02), ("pad_token_id", 0)] {
            XCTAssertEqual((json[key] as? NSNumber)?.doubleValue, value, key)
        }

        let fixture = try Fixture("bert/geneformer_small_outputs.safetensors")
        let (ids, shape, mask) = try batch(fixture)
        model.eval()
        reloaded.eval()
        GradientMode.withoutGradients {
            XCTAssertEqual(reloaded.logits(ids: ids, shape: shape, attentionMask: mask).scalars,
                           model.logits(ids: ids, shape: shape, attentionMask: mask).scalars)
        }
    }

    func testSavingWhatBERTCannotExpressFails() throws {
        var configuration = EncoderConfiguration.bert(vocabularySize: 16, modelDimension: 8, heads: 2, feedForwardDimension: 12,
                                                      layers: 1, maxPositions: 10)
        configuration.normPlacement = .pre
        configuration.activation = .swiglu
        let model = MaskedLanguageModel(configuration, generator: RandomGenerator(seed: 1))
        XCTAssertThrowsError(try HuggingFaceBERT.save(model, to: try temporaryDirectory())) { error in
            XCTAssertTrue("\(error)".contains("BERT is post-norm"), "\(error)")
            XCTAssertTrue("\(error)".contains("activation swiglu has no Hugging Face BERT name"), "\(error)")
        }
    }

    func testEncoderLoadsFromSequenceClassificationAndBertModelDirectories() throws {
        let reference = try HuggingFaceBERT.load(directory: Self.checkpoint)
        for layout in ["classification", "model"] {
            let directory = try temporaryCopyOfCheckpoint()
            let weightsURL = directory.appendingPathComponent("model.safetensors")
            var file = try SafeTensors.read(weightsURL)
            file.tensors = file.tensors.filter { !$0.key.hasPrefix("cls.") }
            if layout == "classification" {
                file.tensors["bert.pooler.dense.weight"] = Tensor.zeros([256, 256])
                file.tensors["classifier.weight"] = Tensor.zeros([3, 256])
            } else {
                file.tensors = Dictionary(uniqueKeysWithValues: file.tensors.map { (String($0.key.dropFirst("bert.".count)), $0.value) })
            }
            try file.write(to: weightsURL)
            let body = try HuggingFaceBERT.loadEncoder(directory: directory)
            let expected = reference.body.stateDictionary()
            for (name, tensor) in body.namedParameters() {
                XCTAssertEqual(tensor.scalars, expected[name]!.scalars, "\(layout): \(name)")
            }
        }
    }

    // MARK: - Helpers

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smithy-bert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func temporaryCopyOfCheckpoint() throws -> URL {
        let url = try temporaryDirectory()
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: Self.checkpoint.appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
        return url
    }
}

import Foundation
import SmithyNN
import SmithyTensor
import SmithyTransformer
import XCTest

/// The configuration record and what the builder makes of it.
final class Seq2SeqConfigurationTests: XCTestCase {
    func testRoundTripsThroughJSON() throws {
        let configuration = Seq2SeqConfiguration(sourceVocabularySize: 100, targetVocabularySize: 120, tiesOutputProjection: true,
                                                 modelDimension: 64, heads: 4, activation: .swiglu, normPlacement: .pre,
                                                 normalization: .rmsNorm, scalesEmbeddings: false)
        let decoded = try JSONDecoder().decode(Seq2SeqConfiguration.self, from: JSONEncoder().encode(configuration))
        XCTAssertEqual(decoded, configuration)
    }

    /// Shared vocabulary: one table; tied output: no projection matrix, only a bias.
    func testSharingAndTyingRemoveParameters() {
        func parameterCount(shared: Bool, tied: Bool) -> Int {
            let configuration = Seq2SeqConfiguration(sourceVocabularySize: 50, targetVocabularySize: 50, sharesVocabulary: shared,
                                                     tiesOutputProjection: tied, modelDimension: 8, heads: 2,
                                                     feedForwardDimension: 16, encoderLayers: 1, decoderLayers: 1)
            return Seq2SeqTransformer(configuration: configuration, positional: nil, generator: RandomGenerator(seed: 7)).parameterCount
        }
        let separate = parameterCount(shared: false, tied: false)
        XCTAssertEqual(separate - parameterCount(shared: true, tied: false), 50 * 8)
        XCTAssertEqual(separate - parameterCount(shared: true, tied: true), 50 * 8 + 50 * 8)
    }
}

import XCTest
@testable import SmithyTensor

/// Storage accounting, and that graphs free all their tensors (no retain cycles through backward closures).
final class MemoryStatisticsTests: XCTestCase {
    func testLiveBytesFollowAllocationAndRelease() {
        let before = MemoryStatistics.liveBytes
        do {
            let tensor = Tensor.zeros([1 << 20])
            XCTAssertEqual(MemoryStatistics.liveBytes - before, 4 << 20)
            let view = tensor.reshaped([1024, 1024]).slice(axis: 0, 0..<10)
            XCTAssertEqual(MemoryStatistics.liveBytes - before, 4 << 20, "views allocate nothing")
            withExtendedLifetime((tensor, view)) {}
        }
        XCTAssertEqual(MemoryStatistics.liveBytes, before)
    }

    func testPeakRemembersTheLargestLiveSize() {
        MemoryStatistics.resetPeak()
        let before = MemoryStatistics.liveBytes
        XCTAssertEqual(MemoryStatistics.peakBytes, before)
        do { withExtendedLifetime(Tensor.zeros([1 << 21])) {} }
        XCTAssertEqual(MemoryStatistics.liveBytes, before)
        XCTAssertGreaterThanOrEqual(MemoryStatistics.peakBytes, before + (8 << 20))
    }

    /// Builds a graph over most ops, optionally runs backward, and checks everything is freed.
    private func assertGraphIsFreed(runBackward: Bool, retainGraph: Bool, file: StaticString = #filePath, line: UInt = #line) {
        let before = MemoryStatistics.liveBytes
        do {
            let inputs = TestInputs(seed: 31)
            let x = inputs.normal([4, 6]), w = inputs.normal([6, 5]), gamma = inputs.normal([5])
            for parameter in [x, w, gamma] { parameter.requiresGrad = true }
            let hidden = matmul(x, w).layerNorm(weight: gamma, bias: nil).gelu()
            let parts = hidden.split(sizes: [2, 3], axis: 1)
            let mixed = concat([parts[1], parts[0].exp()], axis: 1).softmax().maskedFill(inputs.mask([1, 5]), 0)
            let loss = crossEntropy(logits: mixed + hidden.dropout(0.2, generator: inputs.random), targets: [0, 1, 2, 3])
            if runBackward { loss.backward(retainGraph: retainGraph) }
            withExtendedLifetime(loss) {}
        }
        XCTAssertEqual(MemoryStatistics.liveBytes, before, "tensors outlived their graph", file: file, line: line)
    }

    func testGraphIsFreedWithoutBackward() { assertGraphIsFreed(runBackward: false, retainGraph: false) }
    func testGraphIsFreedAfterBackward() { assertGraphIsFreed(runBackward: true, retainGraph: false) }
    func testRetainedGraphIsFreedWithItsOutput() { assertGraphIsFreed(runBackward: true, retainGraph: true) }
}

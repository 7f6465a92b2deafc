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

    func testPoolSizeClassesCoverTheRequestWithAtMostAnEighthSlack() {
        XCTAssertEqual(BufferPool.sizeClass(1000), 1000, "small buffers are not rounded")
        XCTAssertEqual(BufferPool.sizeClass(1 << 20), 1 << 20)
        var previous = 0
        for bytes in stride(from: 1 << 16, through: 1 << 24, by: 4_099) {
            let size = BufferPool.sizeClass(bytes)
            XCTAssertGreaterThanOrEqual(size, bytes)
            XCTAssertLessThanOrEqual(Double(size), Double(bytes) * 1.125)
            XCTAssertGreaterThanOrEqual(size, previous, "classes grow with the request")
            previous = size
        }
        XCTAssertEqual(BufferPool.sizeClass(4 * 1000 * 1024), BufferPool.sizeClass(4 * 1010 * 1024),
                       "nearby lengths (a batch one token longer) share a class")
    }

    func testPoolHandsBackAFreedBufferOfTheSameClass() {
        let pool = BufferPool(minimumCapacity: 1 << 24)
        let first = pool.take(byteCount: 1_000_000)
        pool.give(first, byteCount: 1_000_000)
        let second = pool.take(byteCount: 1_010_000)
        XCTAssertEqual(first, second, "1,010,000 bytes fall in the class of 1,000,000")
        pool.give(second, byteCount: 1_010_000)
    }

    func testPeakRemembersTheLargestLiveSize() {
        MemoryStatistics.resetPeak()
        let before = MemoryStatistics.liveBytes
        XCTAssertEqual(MemoryStatistics.peakBytes, before)
        do { withExtendedLifetime(Tensor.zeros([1 << 21])) {} }
        XCTAssertEqual(MemoryStatistics.liveBytes, before)
        XCTAssertGreaterThanOrEqual(MemoryStatistics.peakBytes, before + (8 << 20))
    }

    func testGraphKeepsOnlyTheTensorsBackwardReads() {
        // sum(relu(x·w + 1) · 2): matmul reads x and w (leaves), relu reads its output, the scalar add
        // and multiply and the sum read nothing. So after the forward pass only the relu output
        // (64 KiB) and the loss may stay alive, not the product or the shifted product.
        let inputs = TestInputs(seed: 32)
        let x = inputs.normal([128, 64]), w = inputs.normal([64, 128])
        x.requiresGrad = true
        let before = MemoryStatistics.liveBytes
        let loss = ((matmul(x, w) + 1).relu() * 2).sum()
        XCTAssertEqual(MemoryStatistics.liveBytes - before, 128 * 128 * 4 + 4, "only the relu output and the loss are kept")
        loss.backward()
        // d/dx = (2 · [x·w + 1 > 0]) · wᵀ, from the values themselves.
        let product = matmul(x.detached(), w)
        let upstream = Tensor(product.scalars.map { $0 + 1 > 0 ? 2 : 0 }, shape: [128, 128])
        assertClose(actual: try! XCTUnwrap(x.grad), expected: matmul(upstream, w, transposeB: true), atol: 1e-5, rtol: 1e-5, "x.grad")
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

import XCTest
@testable import SmithyTensor

/// The shape validators ops use before computing, and the messages they give.
final class ShapeErrorTests: XCTestCase {
    private func failureMessage<T>(_ result: Result<T, ShapeError>, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch result {
        case .success(let value):
            XCTFail("expected a shape error, got \(value)", file: file, line: line)
            return nil
        case .failure(let error):
            return error.description
        }
    }

    func testDescribeFormatsShapesAsPyTorchPrintsThem() {
        XCTAssertEqual(describe([]), "()")
        XCTAssertEqual(describe([3]), "(3,)")
        XCTAssertEqual(describe([2, 3, 4]), "(2, 3, 4)")
    }

    func testMatmulInnerDimensionMismatchMessage() {
        XCTAssertEqual(failureMessage(validateMatmul([2, 3], [4, 5])), "[matmul] (2, 3) × (4, 5): inner dimensions 3 and 4 differ")
        if case .failure(let shapeError) = validateMatmul([2, 3], [4, 5]) {
            XCTAssertEqual(shapeError.op, "matmul")
            XCTAssertEqual(shapeError.details, "(2, 3) × (4, 5): inner dimensions 3 and 4 differ")
        }
    }

    func testMatmulMessagesMarkTransposesAndBatches() {
        XCTAssertEqual(failureMessage(validateMatmul([3, 2], [4, 5], transposeA: true)),
                       "[matmul] (3, 2)ᵀ × (4, 5): inner dimensions 3 and 4 differ")
        XCTAssertEqual(failureMessage(validateMatmul([5, 2, 3], [6, 3, 4])),
                       "[matmul] (5, 2, 3) × (6, 3, 4): batch shapes (5,) and (6,) differ")
        XCTAssertEqual(failureMessage(validateMatmul([3], [3, 4])),
                       "[matmul] (3,) × (3, 4): both operands need at least 2 axes")
    }

    func testMatmulResultShapes() {
        XCTAssertEqual(try validateMatmul([2, 3], [3, 4]).get(), [2, 4])
        XCTAssertEqual(try validateMatmul([3, 2], [3, 4], transposeA: true).get(), [2, 4])
        XCTAssertEqual(try validateMatmul([2, 3], [4, 3], transposeB: true).get(), [2, 4])
        XCTAssertEqual(try validateMatmul([5, 2, 3], [3, 4]).get(), [5, 2, 4])
        XCTAssertEqual(try validateMatmul([2, 3], [5, 3, 4]).get(), [5, 2, 4])
        XCTAssertEqual(try validateMatmul([7, 5, 2, 3], [7, 5, 3, 4]).get(), [7, 5, 2, 4])
    }

    func testBroadcastErrorNamesTheOpAndBothShapes() {
        XCTAssertEqual(failureMessage(broadcastShape([2, 3], [4], op: "add")),
                       "[add] shapes (2, 3) and (4,) cannot be broadcast together")
        let message = failureMessage(broadcastShape([2, 1, 5], [3, 4, 5], op: "mul")) ?? ""
        XCTAssertTrue(message.hasPrefix("[mul]"), message)
        XCTAssertTrue(message.contains("(2, 1, 5)") && message.contains("(3, 4, 5)"), message)
    }

    func testBroadcastShapes() {
        XCTAssertEqual(try broadcastShape([2, 1, 4], [1, 3, 1], op: "add").get(), [2, 3, 4])
        XCTAssertEqual(try broadcastShape([3, 4], [], op: "add").get(), [3, 4])
        XCTAssertEqual(try broadcastShape([4], [2, 3, 1], op: "add").get(), [2, 3, 4])
        XCTAssertEqual(try broadcastShape([0, 1], [1, 5], op: "add").get(), [0, 5])
    }

    func testNormalizeAxis() {
        XCTAssertEqual(try normalizeAxis(-1, rank: 3, op: "sum").get(), 2)
        XCTAssertEqual(try normalizeAxis(-3, rank: 3, op: "sum").get(), 0)
        XCTAssertEqual(try normalizeAxis(2, rank: 3, op: "sum").get(), 2)
        XCTAssertEqual(try normalizeAxis(0, rank: 0, op: "sum").get(), 0, "a scalar accepts axis 0 and -1, as PyTorch")
        XCTAssertEqual(try normalizeAxis(-1, rank: 0, op: "sum").get(), 0, "a scalar accepts axis -1 (PyTorch wraps it to 0)")
        XCTAssertEqual(failureMessage(normalizeAxis(3, rank: 3, op: "softmax")),
                       "[softmax] axis 3 is out of range for a tensor of rank 3")
        XCTAssertEqual(failureMessage(normalizeAxis(-4, rank: 3, op: "sum")),
                       "[sum] axis -4 is out of range for a tensor of rank 3")
        XCTAssertNotNil(failureMessage(normalizeAxis(1, rank: 0, op: "sum")))
    }
}

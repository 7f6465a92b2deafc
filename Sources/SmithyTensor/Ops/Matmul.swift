/// Matrix products through OpenBLAS, with transposes passed to `cblas_sgemm` instead of copied.

/// Checks the operands of a (batched) matrix product and returns the result shape.
///
/// `a` is [..., m, k] (or [..., k, m] when `transposeA`), `b` is [..., k, n] (or [..., n, k]).
/// Batch axes must be equal, or one operand must be a plain matrix shared by every batch entry.
public func validateMatmul(_ a: [Int], _ b: [Int], transposeA: Bool = false, transposeB: Bool = false) -> Result<[Int], ShapeError> {
    let shapes = "\(describe(a))\(transposeA ? "ᵀ" : "") × \(describe(b))\(transposeB ? "ᵀ" : "")"
    guard a.count >= 2, b.count >= 2 else {
        return .failure(ShapeError(op: "matmul", "\(shapes): both operands need at least 2 axes"))
    }
    let (m, k) = transposeA ? (a[a.count - 1], a[a.count - 2]) : (a[a.count - 2], a[a.count - 1])
    let (kb, n) = transposeB ? (b[b.count - 1], b[b.count - 2]) : (b[b.count - 2], b[b.count - 1])
    guard k == kb else {
        return .failure(ShapeError(op: "matmul", "\(shapes): inner dimensions \(k) and \(kb) differ"))
    }
    let batchA = Array(a.dropLast(2)), batchB = Array(b.dropLast(2))
    guard batchA == batchB || batchA.isEmpty || batchB.isEmpty else {
        return .failure(ShapeError(op: "matmul", "\(shapes): batch shapes \(describe(batchA)) and \(describe(batchB)) differ"))
    }
    return .success((batchA.isEmpty ? batchB : batchA) + [m, n])
}

/// The matrix product op(a) · op(b), batched over leading axes.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let resultShape: [Int]
    switch validateMatmul(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB) {
    case .success(let shape): resultShape = shape
    case .failure(let error): preconditionFailure(error.description)
    }
    let m = resultShape[resultShape.count - 2], n = resultShape[resultShape.count - 1]
    let k = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
    let result = Tensor(uninitializedShape: resultShape)
    let batch = elementCount(Array(resultShape.dropLast(2)))
    if b.rank == 2 && !transposeA {
        // Every batch entry shares B: one product over all rows of A.
        sgemm(a.pointer, transposeA: false, b.pointer, transposeB: transposeB, result.pointer, m: batch * m, n: n, k: k)
    } else {
        let strideA = a.rank == 2 ? 0 : m * k, strideB = b.rank == 2 ? 0 : k * n
        for index in 0..<batch {
            sgemm(a.pointer + index * strideA, transposeA: transposeA, b.pointer + index * strideB, transposeB: transposeB,
                  result.pointer + index * m * n, m: m, n: n, k: k)
        }
    }
    return result.recorded("matmul", [a, b]) { g in
        var gradA: Tensor?, gradB: Tensor?
        if a.requiresGrad {
            gradA = transposeA ? matmul(b, g, transposeA: transposeB, transposeB: true)
                               : matmul(g, b, transposeB: !transposeB)
            gradA = gradA!.sum(toShape: a.shape)
        }
        if b.requiresGrad {
            if b.rank == 2 && a.rank > 2 && !transposeA {
                // Fold the batch into rows so the shared matrix's gradient is one product.
                let rowsA = a.reshaped([-1, k]), rowsG = g.reshaped([-1, n])
                gradB = transposeB ? matmul(rowsG, rowsA, transposeA: true) : matmul(rowsA, rowsG, transposeA: true)
            } else {
                gradB = transposeB ? matmul(g, a, transposeA: true, transposeB: transposeA)
                                   : matmul(a, g, transposeA: !transposeA)
                gradB = gradB!.sum(toShape: b.shape)
            }
        }
        return [gradA, gradB]
    }
}

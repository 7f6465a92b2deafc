import CBLAS

/// C = alpha · op(A) · op(B) (+ C when `accumulate`), row-major, one `cblas_sgemm` call.
/// op(A) is [m, k], op(B) is [k, n]; A is stored [k, m] when `transposeA`, B is [n, k] when `transposeB`.
/// Public for fused kernels in higher modules (tiled attention works on contiguous tiles).
public func sgemm(_ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
           _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float = 1, accumulate: Bool = false) {
    _ = ComputeThreads.count
    cblas_sgemm(CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha,
                a, Int32(transposeA ? m : k),
                b, Int32(transposeB ? k : n),
                accumulate ? 1 : 0, c, Int32(n))
}

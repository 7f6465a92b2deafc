import CSmithyKernels

/// Row normalisation kernels shared by LayerNorm (centred) and RMSNorm (not centred); the per-row
/// math is in CSmithyKernels (`smithy_normalize_rows*`), split here into row ranges per thread.

/// Normalises each row of `rows` × `length` values: y = (x − μ)·r·w + b, where μ is the row mean
/// (0 when not `centered`) and r = 1/√(mean((x − μ)²) + ε). Writes μ and r per row for the backward pass.
func normalizeRowsKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                         weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
                         means: UnsafeMutablePointer<Float>, inverseDeviations: UnsafeMutablePointer<Float>,
                         rows: Int, length: Int, epsilon: Float, centered: Bool) {
    nonisolated(unsafe) let (x, y, weight, bias) = (x, y, weight, bias)
    nonisolated(unsafe) let (means, inverseDeviations) = (means, inverseDeviations)
    ComputeThreads.parallelFor(rows, grain: max(1, (1 << 15) / max(length, 1))) { range in
        smithy_normalize_rows(x, y, weight, bias, means, inverseDeviations, range.lowerBound, range.upperBound,
                              length, epsilon, centered ? 1 : 0)
    }
}

/// Input gradient of `normalizeRowsKernel`: with x̂ = (x − μ)·r and d = g·w,
/// dx = r·(d − mean(d) − x̂·mean(d·x̂)) (centred) or r·(d − x̂·mean(d·x̂)) (RMS).
func normalizeRowsBackwardKernel(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?,
                                 means: UnsafePointer<Float>, inverseDeviations: UnsafePointer<Float>,
                                 _ dx: UnsafeMutablePointer<Float>, rows: Int, length: Int, centered: Bool) {
    nonisolated(unsafe) let (g, x, weight, dx) = (g, x, weight, dx)
    nonisolated(unsafe) let (means, inverseDeviations) = (means, inverseDeviations)
    ComputeThreads.parallelFor(rows, grain: max(1, (1 << 15) / max(length, 1))) { range in
        smithy_normalize_rows_backward(g, x, weight, means, inverseDeviations, dx, range.lowerBound, range.upperBound,
                                       length, centered ? 1 : 0)
    }
}

/// Parameter gradients of `normalizeRowsKernel`: dw = Σ_rows g·x̂, db = Σ_rows g.
func normalizeRowsParameterGradientKernel(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                          means: UnsafePointer<Float>, inverseDeviations: UnsafePointer<Float>,
                                          weightGradient: UnsafeMutablePointer<Float>?, biasGradient: UnsafeMutablePointer<Float>?,
                                          rows: Int, length: Int) {
    weightGradient?.initialize(repeating: 0, count: length)
    biasGradient?.initialize(repeating: 0, count: length)
    for row in 0..<rows {
        let gRow = g + row * length, xRow = x + row * length
        let mean = Vector(repeating: means[row]), inverse = Vector(repeating: inverseDeviations[row])
        var index = 0
        while index < length {
            let lanes = min(Vector.scalarCount, length - index)
            let gv = loadVector(gRow + index, lanes)
            if let weightGradient {
                let normalized = (loadVector(xRow + index, lanes) - mean) * inverse
                storeVector(loadVector(weightGradient + index, lanes) + gv * normalized, weightGradient + index, lanes)
            }
            if let biasGradient {
                storeVector(loadVector(biasGradient + index, lanes) + gv, biasGradient + index, lanes)
            }
            index += Vector.scalarCount
        }
    }
}

/// Row normalisation kernels shared by LayerNorm (centred) and RMSNorm (not centred).

/// Normalises each row of `rows` × `length` values: y = (x − μ)·r·w + b, where μ is the row mean
/// (0 when not `centered`) and r = 1/√(mean((x − μ)²) + ε). Writes μ and r per row for the backward pass.
func normalizeRowsKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                         weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
                         means: UnsafeMutablePointer<Float>, inverseDeviations: UnsafeMutablePointer<Float>,
                         rows: Int, length: Int, epsilon: Float, centered: Bool) {
    nonisolated(unsafe) let (x, y, weight, bias) = (x, y, weight, bias)
    nonisolated(unsafe) let (means, inverseDeviations) = (means, inverseDeviations)
    ComputeThreads.parallelFor(rows, grain: max(1, (1 << 14) / max(length, 1))) { range in
        for row in range {
            let input = x + row * length, output = y + row * length
            let mean = centered ? sumContiguous(input, length) / Float(length) : 0
            let meanVector = Vector(repeating: mean)
            var squares = Vector()
            var index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                var centeredValues = loadVector(input + index, lanes) - meanVector
                if lanes < Vector.scalarCount { for lane in lanes..<Vector.scalarCount { centeredValues[lane] = 0 } }
                squares += centeredValues * centeredValues
                index += Vector.scalarCount
            }
            let inverse = 1 / (squares.sum() / Float(length) + epsilon).squareRoot()
            means[row] = mean
            inverseDeviations[row] = inverse
            let inverseVector = Vector(repeating: inverse)
            index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                var value = (loadVector(input + index, lanes) - meanVector) * inverseVector
                if let weight { value *= loadVector(weight + index, lanes) }
                if let bias { value += loadVector(bias + index, lanes) }
                storeVector(value, output + index, lanes)
                index += Vector.scalarCount
            }
        }
    }
}

/// Input gradient of `normalizeRowsKernel`: with x̂ = (x − μ)·r and d = g·w,
/// dx = r·(d − mean(d) − x̂·mean(d·x̂)) (centred) or r·(d − x̂·mean(d·x̂)) (RMS).
func normalizeRowsBackwardKernel(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?,
                                 means: UnsafePointer<Float>, inverseDeviations: UnsafePointer<Float>,
                                 _ dx: UnsafeMutablePointer<Float>, rows: Int, length: Int, centered: Bool) {
    nonisolated(unsafe) let (g, x, weight, dx) = (g, x, weight, dx)
    nonisolated(unsafe) let (means, inverseDeviations) = (means, inverseDeviations)
    ComputeThreads.parallelFor(rows, grain: max(1, (1 << 14) / max(length, 1))) { range in
        for row in range {
            let gRow = g + row * length, xRow = x + row * length, dxRow = dx + row * length
            let mean = Vector(repeating: means[row]), inverse = Vector(repeating: inverseDeviations[row])
            var sumD = Vector(), sumDX = Vector()
            var index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                var d = loadVector(gRow + index, lanes)
                if let weight { d *= loadVector(weight + index, lanes) }
                let normalized = (loadVector(xRow + index, lanes) - mean) * inverse
                if lanes < Vector.scalarCount { for lane in lanes..<Vector.scalarCount { d[lane] = 0 } }
                sumD += d
                sumDX += d * normalized
                index += Vector.scalarCount
            }
            let meanD = Vector(repeating: centered ? sumD.sum() / Float(length) : 0)
            let meanDX = Vector(repeating: sumDX.sum() / Float(length))
            index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                var d = loadVector(gRow + index, lanes)
                if let weight { d *= loadVector(weight + index, lanes) }
                let normalized = (loadVector(xRow + index, lanes) - mean) * inverse
                storeVector(inverse * (d - meanD - normalized * meanDX), dxRow + index, lanes)
                index += Vector.scalarCount
            }
        }
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

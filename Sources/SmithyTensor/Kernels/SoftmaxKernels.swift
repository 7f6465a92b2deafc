import Foundation

/// Row-wise softmax kernels: numerically stable (the row maximum is subtracted before `exp`).

/// Softmax (or log-softmax when `logarithm`) of each row of `rows` × `length` values.
func softmaxRowsKernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                       rows: Int, length: Int, logarithm: Bool) {
    nonisolated(unsafe) let input = input
    nonisolated(unsafe) let output = output
    ComputeThreads.parallelFor(rows, grain: max(1, (1 << 14) / max(length, 1))) { range in
        for row in range {
            let x = input + row * length, y = output + row * length
            let maximum = maxContiguous(x, length)
            let shift = Vector(repeating: maximum.isFinite ? maximum : 0)
            var sums = Vector()
            var index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                var e = vectorExp(loadVector(x + index, lanes) - shift)
                if lanes < Vector.scalarCount {
                    for lane in lanes..<Vector.scalarCount { e[lane] = 0 }
                }
                sums += e
                if !logarithm { storeVector(e, y + index, lanes) }
                index += Vector.scalarCount
            }
            let total = sums.sum()
            if logarithm {
                // (x − max) − log Σ, as PyTorch: folding max into the logarithm first would round
                // it to the precision of max.
                let logTotal = Vector(repeating: Foundation.log(total))
                index = 0
                while index < length {
                    let lanes = min(Vector.scalarCount, length - index)
                    storeVector((loadVector(x + index, lanes) - shift) - logTotal, y + index, lanes)
                    index += Vector.scalarCount
                }
            } else {
                let scale = Vector(repeating: 1 / total)
                index = 0
                while index < length {
                    let lanes = min(Vector.scalarCount, length - index)
                    storeVector(loadVector(y + index, lanes) * scale, y + index, lanes)
                    index += Vector.scalarCount
                }
            }
        }
    }
}

/// Backward of row softmax: dx = y ⊙ (g − Σ g⊙y); of log-softmax: dx = g − e^y Σ g.
func softmaxRowsBackwardKernel(_ gradient: UnsafePointer<Float>, _ output: UnsafePointer<Float>,
                               _ result: UnsafeMutablePointer<Float>, rows: Int, length: Int, logarithm: Bool) {
    nonisolated(unsafe) let gradient = gradient
    nonisolated(unsafe) let output = output
    nonisolated(unsafe) let result = result
    ComputeThreads.parallelFor(rows, grain: max(1, (1 << 14) / max(length, 1))) { range in
        for row in range {
            let g = gradient + row * length, y = output + row * length, dx = result + row * length
            var sums = Vector()
            var index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                let gv = loadVector(g + index, lanes)
                sums += logarithm ? gv : gv * loadVector(y + index, lanes)
                index += Vector.scalarCount
            }
            let total = Vector(repeating: sums.sum())
            index = 0
            while index < length {
                let lanes = min(Vector.scalarCount, length - index)
                let gv = loadVector(g + index, lanes), yv = loadVector(y + index, lanes)
                storeVector(logarithm ? gv - vectorExp(yv) * total : yv * (gv - total), dx + index, lanes)
                index += Vector.scalarCount
            }
        }
    }
}

/// Reduction kernels over one axis of a contiguous tensor viewed as [outer, length, inner].

/// out[o, i] = Σ_k x[o, k, i].
func sumAxisKernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                   outer: Int, length: Int, inner: Int) {
    nonisolated(unsafe) let input = input
    nonisolated(unsafe) let output = output
    ComputeThreads.parallelFor(outer, grain: max(1, (1 << 15) / max(length * inner, 1))) { rows in
        for o in rows {
            let source = input + o * length * inner
            let target = output + o * inner
            if inner == 1 {
                target.pointee = sumContiguous(source, length)
                continue
            }
            var i = 0
            while i < inner {
                let lanes = min(Vector.scalarCount, inner - i)
                var accumulator = Vector()
                for k in 0..<length { accumulator += loadVector(source + k * inner + i, lanes) }
                storeVector(accumulator, target + i, lanes)
                i += Vector.scalarCount
            }
        }
    }
}

/// Σ x[0..<count], with 16 parallel partial sums (pairwise-like accuracy for long rows).
@inline(__always)
func sumContiguous(_ pointer: UnsafePointer<Float>, _ count: Int) -> Float {
    var accumulator = Vector()
    var index = 0
    while index < count {
        let lanes = min(Vector.scalarCount, count - index)
        accumulator += loadVector(pointer + index, lanes)
        index += Vector.scalarCount
    }
    return accumulator.sum()
}

/// max over a contiguous run, as a plain loop (SIMD `.max()` is slow here).
@inline(__always)
func maxContiguous(_ pointer: UnsafePointer<Float>, _ count: Int) -> Float {
    var best = -Float.infinity
    var index = 0
    var lanesBest = Vector(repeating: -.infinity)
    while index + Vector.scalarCount <= count {
        let v = loadVector(pointer + index, Vector.scalarCount)
        lanesBest = lanesBest.replacing(with: v, where: v .> lanesBest)
        index += Vector.scalarCount
    }
    for lane in 0..<Vector.scalarCount where lanesBest[lane] > best { best = lanesBest[lane] }
    while index < count {
        if pointer[index] > best { best = pointer[index] }
        index += 1
    }
    return best
}

/// out[o, i] = max_k x[o, k, i] and the first k attaining it.
func maxAxisKernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                   _ argmax: UnsafeMutablePointer<Int32>, outer: Int, length: Int, inner: Int) {
    for o in 0..<outer {
        for i in 0..<inner {
            let base = input + o * length * inner + i
            var best = base.pointee
            var bestIndex: Int32 = 0
            for k in 1..<max(length, 1) where base[k * inner] > best || best.isNaN == false && base[k * inner].isNaN {
                best = base[k * inner]
                bestIndex = Int32(k)
            }
            output[o * inner + i] = best
            argmax[o * inner + i] = bestIndex
        }
    }
}

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
            // Two-level sum: blocks of 64 rows in Float, blocks added together, so the error grows
            // with √length-like block counts rather than the full column length.
            var i = 0
            while i < inner {
                let lanes = min(Vector.scalarCount, inner - i)
                var total = Vector()
                var blockStart = 0
                while blockStart < length {
                    var block = Vector()
                    for k in blockStart..<min(length, blockStart + 64) { block += loadVector(source + k * inner + i, lanes) }
                    total += block
                    blockStart += 64
                }
                storeVector(total, target + i, lanes)
                i += Vector.scalarCount
            }
        }
    }
}

/// Σ x[0..<count]: 16 lanes of Float partial sums over blocks of 1,024 values, blocks added in
/// Double, so the error grows with the block length rather than the row length.
@inline(__always)
func sumContiguous(_ pointer: UnsafePointer<Float>, _ count: Int) -> Float {
    var total = 0.0
    var blockStart = 0
    repeat {
        let blockEnd = min(count, blockStart + 1024)
        var accumulator = Vector()
        var index = blockStart
        while index < blockEnd {
            let lanes = min(Vector.scalarCount, blockEnd - index)
            accumulator += loadVector(pointer + index, lanes)
            index += Vector.scalarCount
        }
        total += Double(accumulator.sum())
        blockStart = blockEnd
    } while blockStart < count
    return Float(total)
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

/// e^x on `SIMD16<Float>` for the fused row kernels written in Swift (softmax, attention rows);
/// elementwise ops call the C kernels of CSmithyKernels instead (glibc's `expf` never vectorises).
///
/// Accuracy (checked in tests against Double): within 2 ulp over its whole range.
public typealias Vector = SIMD16<Float>

@usableFromInline let log2e: Float = 1.442_695_04
@usableFromInline let ln2High: Float = 0.693_359_375
@usableFromInline let ln2Low: Float = -2.121_944_4e-4

/// e^x, Cephes' single-precision polynomial after range reduction by powers of two.
/// Inputs above 88.72 give +inf, below -87.33 give 0.
@inlinable @inline(__always)
public func vectorExp(_ x: Vector) -> Vector {
    let upper = Vector(repeating: 88.722_839)
    let lower = Vector(repeating: -87.336_544)
    // Lanes outside the range are computed as e^0 and replaced below: clamping them to the lower
    // bound instead would produce subnormal intermediates, which x86 handles ~100× slower (masked
    // attention scores hit this on half of all lanes).
    var v = x.replacing(with: 0, where: x .> upper)
    v = v.replacing(with: 0, where: v .< lower)
    // n = round(v * log2(e)), through the 1.5 * 2^23 rounding trick (exact for |n| < 2^22).
    let magic = Vector(repeating: 12_582_912)
    let shifted = v * log2e + magic
    let n = shifted - magic
    var r = v - n * ln2High
    r = r - n * ln2Low
    var p = Vector(repeating: 1.987_569_1e-4)
    p = p * r + 1.398_199_9e-3
    p = p * r + 8.333_452e-3
    p = p * r + 4.166_579_6e-2
    p = p * r + 1.666_666_5e-1
    p = p * r + 5.000_000_1e-1
    p = p * (r * r) + r + 1
    // 2^n through the exponent bits: n sits in the low mantissa bits of `shifted`.
    // n = 128 (x just below the overflow bound) has no exponent field: use 2^127 and double.
    // (Compare as Float: `replacing` on SIMD16<Int32> does not vectorise and costs ~10 ns a value.)
    let overflows = n .> 127
    let capped = n.replacing(with: 127, where: overflows) + magic
    let integer = unsafeBitCast(capped, to: SIMD16<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((integer &+ 127) &<< 23, to: Vector.self)
    var result = p * scale
    result = result.replacing(with: result * 2, where: overflows)
    result = result.replacing(with: Vector(repeating: .infinity), where: x .> upper)
    result = result.replacing(with: 0, where: x .< lower)
    return result.replacing(with: x, where: x .!= x)
}

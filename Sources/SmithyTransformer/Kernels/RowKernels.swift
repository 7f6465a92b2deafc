import CSmithyKernels
import SmithyTensor

/// Largest of `row[0..<count]` (−∞ when empty).
func rowMaximum(_ row: UnsafePointer<Float>, _ count: Int) -> Float { smithy_row_maximum(row, count) }

/// Replaces `row[j]` by e^(row[j] − shift)·factor and returns the sum of e^(row[j] − shift).
@discardableResult
func exponentiateRow(_ row: UnsafeMutablePointer<Float>, _ count: Int, shift: Float, factor: Float = 1) -> Float {
    smithy_exponentiate_row(row, count, shift, factor)
}

/// Multiplies `row[0..<count]` by `factor`.
func scaleRow(_ row: UnsafeMutablePointer<Float>, _ count: Int, by factor: Float) {
    for j in 0..<count { row[j] *= factor }
}

/// Σ a[j]·b[j].
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var sum = Vector(repeating: 0)
    var j = 0
    while j + Vector.scalarCount <= count {
        sum += UnsafeRawPointer(a + j).loadUnaligned(as: Vector.self) * UnsafeRawPointer(b + j).loadUnaligned(as: Vector.self)
        j += Vector.scalarCount
    }
    var total = sum.sum()
    while j < count { total += a[j] * b[j]; j += 1 }
    return total
}

/// The softmax backward on one row in place: dP[j] ← P[j]·(dP[j] − Σₖ P[k]·dP[k]).
func softmaxBackwardRow(probabilities: UnsafePointer<Float>, _ gradient: UnsafeMutablePointer<Float>, _ count: Int) {
    smithy_softmax_backward_row(probabilities, gradient, count)
}

/// y[0..<count] += a·x[0..<count].
func addScaled(_ x: UnsafePointer<Float>, _ a: Float, to y: UnsafeMutablePointer<Float>, _ count: Int) {
    for j in 0..<count { y[j] += a * x[j] }
}

/// Mean over the `rows` rows of a [rows, width] matrix, into `target[0..<width]`.
func columnMean(_ matrix: UnsafePointer<Float>, rows: Int, width: Int, into target: UnsafeMutablePointer<Float>) {
    target.update(repeating: 0, count: width)
    for r in 0..<rows { addScaled(matrix + r * width, 1, to: target, width) }
    scaleRow(target, width, by: 1 / Float(rows))
}

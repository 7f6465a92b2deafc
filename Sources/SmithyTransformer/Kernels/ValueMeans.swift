import SmithyTensor

/// The mean of the values [keys, d] of each head slice, computed on first use: the output of an
/// empty row (uniform weights over all keys). Safe when each slice is used by one thread at a time.
final class ValueMeans {
    private let value: Tensor
    private let shape: AttentionGeometry
    private let means: UnsafeMutablePointer<Float>
    private let computed: UnsafeMutablePointer<Bool>

    init(value: Tensor, shape: AttentionGeometry) {
        self.value = value
        self.shape = shape
        means = .allocate(capacity: shape.slices * shape.headDimension)
        computed = .allocate(capacity: shape.slices)
        computed.initialize(repeating: false, count: shape.slices)
    }

    deinit { means.deallocate(); computed.deallocate() }

    /// The mean value vector [d] of slice `slice`.
    func mean(slice: Int) -> UnsafePointer<Float> {
        let target = means + slice * shape.headDimension
        if !computed[slice] {
            columnMean(value.pointer + shape.keyOffset(slice), rows: shape.keys, width: shape.headDimension, into: target)
            computed[slice] = true
        }
        return UnsafePointer(target)
    }
}

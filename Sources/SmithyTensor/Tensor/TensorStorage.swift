import Foundation

/// A reference-counted, 64-byte-aligned buffer of `Float`s that one or more tensors view.
///
/// Storage is never resized. Tensors that share it (reshapes, leading-axis slices) read it at
/// their own offset; writes happen only in kernels that just allocated it, in optimizer updates
/// of parameters, and when loading weights.
public final class TensorStorage {
    /// Start of the buffer.
    public let base: UnsafeMutablePointer<Float>
    /// Number of `Float`s in the buffer.
    public let count: Int

    /// Allocates `count` uninitialised floats.
    public init(uninitializedCount count: Int) {
        self.count = count
        base = BufferPool.shared.take(byteCount: count * MemoryLayout<Float>.stride)
            .bindMemory(to: Float.self, capacity: max(count, 1))
        MemoryStatistics.allocated(bytes: count * MemoryLayout<Float>.stride)
    }

    /// Allocates `count` floats set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    deinit {
        MemoryStatistics.freed(bytes: count * MemoryLayout<Float>.stride)
        BufferPool.shared.give(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<Float>.stride)
    }
}

/// Keeps recently freed large buffers for reuse by allocations of the same size class.
///
/// A training step allocates the same activation shapes every time; handing those buffers back
/// saves the page faults and zeroing that fresh memory from the system costs (a 400 MB logits
/// buffer is ~100,000 page faults; with the pool capped below a step's working set, a Geneformer
/// 8×512 step spent ~1/3 of its time faulting). Sizes are rounded up to classes 1/8 of a power of two
/// apart (≤ 12.5% slack), so batches of varying length reuse each other's buffers. The pool holds at
/// most the larger of `minimumCapacity` and the largest tensor working set seen so far
/// (`MemoryStatistics.highWaterBytes`), freeing the oldest buffers beyond that: repeating steps never
/// fault, and the pool never more than doubles a run's footprint. Small buffers go straight to
/// `malloc`, which already caches them.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool(minimumCapacity: 64 << 20)

    /// Buffers smaller than this bypass the pool.
    private static let minimumPooledBytes = 1 << 16
    private let minimumCapacity: Int
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var order: [(bytes: Int, pointer: UnsafeMutableRawPointer)] = []
    private var pooledBytes = 0
    private let lock = NSLock()

    init(minimumCapacity: Int) { self.minimumCapacity = minimumCapacity }

    /// The bytes actually allocated for a request of `byteCount`: pooled sizes rounded up to their class.
    static func sizeClass(_ byteCount: Int) -> Int {
        guard byteCount > minimumPooledBytes else { return byteCount }
        let step = (1 << (Int.bitWidth - 1 - byteCount.leadingZeroBitCount)) / 8
        return (byteCount + step - 1) / step * step
    }

    func take(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = Self.sizeClass(byteCount)
        if size >= Self.minimumPooledBytes {
            lock.lock()
            if let pointer = free[size]?.popLast() {
                pooledBytes -= size
                order.removeAll { $0.pointer == pointer }
                lock.unlock()
                return pointer
            }
            lock.unlock()
        }
        return UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 64)
    }

    func give(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = Self.sizeClass(byteCount)
        let capacity = max(minimumCapacity, MemoryStatistics.highWaterBytes)
        guard size >= Self.minimumPooledBytes, size <= capacity else {
            pointer.deallocate()
            return
        }
        lock.lock()
        free[size, default: []].append(pointer)
        order.append((size, pointer))
        pooledBytes += size
        var evicted: [UnsafeMutableRawPointer] = []
        while pooledBytes > capacity, let oldest = order.first {
            order.removeFirst()
            free[oldest.bytes]?.removeAll { $0 == oldest.pointer }
            pooledBytes -= oldest.bytes
            evicted.append(oldest.pointer)
        }
        lock.unlock()
        for pointer in evicted { pointer.deallocate() }
    }
}

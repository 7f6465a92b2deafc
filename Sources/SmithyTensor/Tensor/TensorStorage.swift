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

/// Keeps recently freed large buffers for reuse by allocations of the same size.
///
/// A training step allocates the same activation shapes every time; handing those buffers back
/// saves the page faults and zeroing that fresh memory from the system costs (a 400 MB logits
/// buffer is ~100,000 page faults). Small buffers go straight to `malloc`, which already caches
/// them. The pool holds at most `capacity` bytes and frees the oldest buffers beyond that.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool(capacity: 1 << 30)

    /// Buffers smaller than this bypass the pool.
    private let minimumPooledBytes = 1 << 16
    private let capacity: Int
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var order: [(bytes: Int, pointer: UnsafeMutableRawPointer)] = []
    private var pooledBytes = 0
    private let lock = NSLock()

    init(capacity: Int) { self.capacity = capacity }

    func take(byteCount: Int) -> UnsafeMutableRawPointer {
        if byteCount >= minimumPooledBytes {
            lock.lock()
            if let pointer = free[byteCount]?.popLast() {
                pooledBytes -= byteCount
                order.removeAll { $0.pointer == pointer }
                lock.unlock()
                return pointer
            }
            lock.unlock()
        }
        return UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
    }

    func give(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount >= minimumPooledBytes, byteCount <= capacity / 2 else {
            pointer.deallocate()
            return
        }
        lock.lock()
        free[byteCount, default: []].append(pointer)
        order.append((byteCount, pointer))
        pooledBytes += byteCount
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

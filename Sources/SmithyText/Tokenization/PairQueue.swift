/// A max-priority queue of symbol pairs by count, for BPE training with lazy updates: a pair is pushed again
/// whenever its count changes, and entries whose count is no longer current are skipped by the caller.
///
/// Order: higher count first; on equal counts, the smaller pair key (older symbols) first, so training is
/// deterministic.
struct PairQueue {
    struct Entry {
        let count: Int
        let pair: UInt64

        func outranks(_ other: Entry) -> Bool {
            count != other.count ? count > other.count : pair < other.pair
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].outranks(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count && heap[left].outranks(heap[best]) { best = left }
                if right < heap.count && heap[right].outranks(heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}

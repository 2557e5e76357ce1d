import Dispatch
import Foundation

/// Runs `body` for 0..<count on the machine's cores (Dispatch's worker threads, not the
/// cooperative pool: the work is plain computation) and returns the results in index order.
func parallelMap<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = Slots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.set(index, body(index))
    }
    return slots.values
}

/// The contiguous ranges that split 0..<count into one part per core (fewer for small counts).
func parallelParts(_ count: Int, smallest: Int) -> [Range<Int>] {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let parts = max(1, min(cores, count / max(smallest, 1)))
    return (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
}

/// One slot per index, each written by exactly one task. `@unchecked Sendable`: tasks write
/// disjoint slots through a pointer fixed at creation (no exclusive access to a property that
/// other tasks hold too), and `values` is read only after `concurrentPerform` has returned.
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: T) {
        storage[index] = value
    }

    var values: [T] { (0..<count).map { storage[$0]! } }
}

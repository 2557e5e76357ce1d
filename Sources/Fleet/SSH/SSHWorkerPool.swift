import Foundation

/// A fixed set of dedicated threads for blocking SSH work, never the Swift concurrency pool.
///
/// libssh blocks in `poll()` for seconds at a time; on the cooperative pool (as many threads
/// as cores, two here) that would stall every task. Each worker is a Foundation `Thread`
/// that takes one job at a time from a shared FIFO queue.
///
/// `@unchecked Sendable`: the pool's only mutable state lives in `JobQueue`, whose fields are
/// read and written only while holding its `NSCondition` (`JobQueue.condition`).
public final class SSHWorkerPool: @unchecked Sendable {
    /// How many jobs run at once at most.
    public let concurrency: Int
    private let queue: JobQueue

    /// Starts `concurrency` worker threads (at least 1).
    public init(concurrency: Int) {
        self.concurrency = max(1, concurrency)
        self.queue = JobQueue()
        for index in 0..<self.concurrency {
            let queue = self.queue
            let thread = Thread { queue.work() }
            thread.name = "ketnoi.ssh-worker.\(index)"
            thread.start()
        }
    }

    deinit {
        queue.shutdown(waitForWorkers: false)
    }

    /// Runs `work` over every input on the workers and returns the results in input order.
    ///
    /// Blocks the calling thread until all are done, with at most `concurrency` running at
    /// once. Call it from outside the pool: a job that calls `map` on its own pool can wait
    /// forever for a worker that is itself.
    public func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ work: @escaping @Sendable (Input) -> Output
    ) -> [Output] {
        guard !inputs.isEmpty else { return [] }
        let results = ResultSlots<Output>(count: inputs.count)
        for (index, input) in inputs.enumerated() {
            queue.enqueue { results.store(work(input), at: index) }
        }
        return results.waitForAll()
    }

    /// Lets queued jobs finish, stops the workers and waits for them to exit; idempotent.
    /// `map` after `shutdown` is a programming error.
    public func shutdown() {
        queue.shutdown(waitForWorkers: true)
    }
}

/// The FIFO of jobs shared by the workers.
///
/// `@unchecked Sendable`: `jobs`, `head`, `isShutDown` and `runningWorkers` are touched only
/// while holding `condition`.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var isShutDown = false
    private var runningWorkers = 0

    func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        precondition(!isShutDown, "SSHWorkerPool.map was called after shutdown()")
        jobs.append(job)
        condition.signal()
    }

    /// The body of one worker thread: take a job, run it unlocked, repeat until shut down.
    func work() {
        condition.lock()
        runningWorkers += 1
        while true {
            while head == jobs.count && !isShutDown {
                condition.wait()
            }
            if head == jobs.count {
                break  // Shut down and nothing left.
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job()
            condition.lock()
        }
        runningWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    func shutdown(waitForWorkers: Bool) {
        condition.lock()
        defer { condition.unlock() }
        isShutDown = true
        condition.broadcast()
        guard waitForWorkers else { return }
        while runningWorkers > 0 {
            condition.wait()
        }
    }
}

/// Results of one `map` call, filled in by the workers in any order.
///
/// `@unchecked Sendable`: `slots` and `pending` are touched only while holding `condition`.
private final class ResultSlots<Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Output?]
    private var pending: Int

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        pending = count
    }

    func store(_ output: Output, at index: Int) {
        condition.lock()
        defer { condition.unlock() }
        slots[index] = output
        pending -= 1
        if pending == 0 { condition.broadcast() }
    }

    func waitForAll() -> [Output] {
        condition.lock()
        defer { condition.unlock() }
        while pending > 0 {
            condition.wait()
        }
        return slots.map { $0! }
    }
}

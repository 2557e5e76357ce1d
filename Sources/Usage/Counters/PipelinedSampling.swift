import Foundation

/// Reading and decoding on the calling thread, counting on a second thread: a capture file is
/// sampled on two cores, with exactly the counts of one (the counting thread takes the
/// decoded packets in their order, in batches).
///
/// The reader hands over batches of decoded packets through a queue of at most
/// `PipelinedSampling.pendingBatches`, so memory stays bounded however large the file; batch
/// arrays go back to the reader once counted and are reused.
public enum PipelinedSampling {
    /// Packets per batch: large enough that the hand-over costs nothing per packet.
    static let batchSize = 4096
    /// Batches decoded but not yet counted, at most.
    static let pendingBatches = 4

    /// Runs `read` (which calls its argument once per packet, in order) and counts every packet
    /// into `sampler`. An error from counting (a day's key that cannot be had) stops the reading
    /// and is rethrown; an error from reading is rethrown after the packets before it are
    /// counted.
    public static func run<Report>(
        into sampler: inout UsageSampler,
        reading read: ((PacketView) throws -> Void) throws -> Report
    ) throws -> Report {
        let channel = Channel()
        let counter = Counter(sampler: sampler, channel: channel)
        let thread = Thread { counter.run() }
        thread.name = "ketnoi-count"
        thread.start()

        // The slot pointer and fill count are locals: no reference counting or exclusivity
        // check per packet, and each packet is decoded straight into its slot, not copied.
        var batch = Batch()
        var slots = batch.slots
        var filled = 0
        let outcome = Result<Report, Error> {
            try read { packet in
                let slot = slots + filled
                slot.pointee.frame = DecodedFrame()
                FrameDecoder.decode(packet, into: &slot.pointee.frame)
                slot.pointee.timestampNanoseconds = packet.timestampNanoseconds
                slot.pointee.wireLength = packet.originalLength
                slot.pointee.linkType = packet.linkType
                filled += 1
                if filled == batchSize {
                    batch.count = filled
                    guard let empty = channel.hand(batch) else { throw Stopped() }
                    batch = empty
                    slots = batch.slots
                    filled = 0
                }
            }
        }
        batch.count = filled
        if batch.count > 0 { _ = channel.hand(batch) }
        channel.finish()
        counter.done.wait()

        sampler = counter.sampler
        if let error = counter.error { throw error }
        return try outcome.get()
    }

    /// A packet as the counters need it: decoded, with its time, length and link type.
    struct DecodedPacket {
        var frame: DecodedFrame
        var timestampNanoseconds: Int64
        var wireLength: Int
        var linkType: LinkType
    }

    /// `batchSize` decoded packets in one allocation, handed between the threads and reused.
    /// `DecodedPacket` holds no references, so slots need no deinitialising.
    final class Batch: @unchecked Sendable {
        let slots = UnsafeMutablePointer<DecodedPacket>.allocate(capacity: batchSize)
        var count = 0

        init() {
            // Initialised once, then overwritten field by field in place.
            slots.initialize(
                repeating: DecodedPacket(
                    frame: DecodedFrame(), timestampNanoseconds: 0, wireLength: 0,
                    linkType: .ethernet),
                count: batchSize)
        }

        deinit { slots.deallocate() }
    }

    /// Thrown into the reader when the counting thread stopped on an error.
    struct Stopped: Error {}

    /// The bounded queue between the two threads, and the pool of spare batch arrays.
    final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private var queue: [Batch] = []
        private var spare: [Batch] = []
        private var finished = false
        private var stopped = false

        /// Queues a full batch, waiting while the queue is full; returns an empty array to fill
        /// next, or nil when the counting thread has stopped.
        func hand(_ batch: Batch) -> Batch? {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= PipelinedSampling.pendingBatches && !stopped {
                condition.wait()
            }
            if stopped { return nil }
            queue.append(batch)
            condition.broadcast()
            if let reused = spare.popLast() {
                reused.count = 0
                return reused
            }
            return Batch()
        }

        /// No more batches will come.
        func finish() {
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// The next batch in order, or nil once the reader finished and the queue is empty.
        func next(returning counted: Batch?) -> Batch? {
            condition.lock()
            defer { condition.unlock() }
            if let counted, spare.count < PipelinedSampling.pendingBatches {
                spare.append(counted)
            }
            while queue.isEmpty && !finished { condition.wait() }
            if queue.isEmpty { return nil }
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }

        /// The counting thread gave up: wake the reader so it stops.
        func stop() {
            condition.lock()
            stopped = true
            queue.removeAll()
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The counting thread's state. The reader touches `sampler` and `error` only after
    /// `done` is signalled, so the hand-over needs no further lock.
    final class Counter: @unchecked Sendable {
        var sampler: UsageSampler
        var error: Error?
        let channel: Channel
        let done = DispatchSemaphore(value: 0)

        init(sampler: UsageSampler, channel: Channel) {
            self.sampler = sampler
            self.channel = channel
        }

        func run() {
            // A local, not the stored property, in the loop: a class property would be checked
            // for exclusive access at run time on every packet.
            var local = sampler
            defer {
                sampler = local
                done.signal()
            }
            var counted: Batch?
            while let batch = channel.next(returning: counted) {
                do {
                    for packet in UnsafeBufferPointer(start: batch.slots, count: batch.count) {
                        try local.add(
                            packet.frame, timestampNanoseconds: packet.timestampNanoseconds,
                            wireLength: packet.wireLength, linkType: packet.linkType)
                    }
                } catch {
                    self.error = error
                    channel.stop()
                    return
                }
                counted = batch
            }
        }
    }
}

import Foundation
import Privacy
import Testing
@testable import Usage

/// Two threads count exactly what one does, and a counting error stops the reading.
@Suite struct PipelinedSamplingTests {
    static let key = PseudonymKey(day: "any", bytes: [UInt8](repeating: 9, count: 32))!

    /// Every corpus file that reads to the end: the same windows, counters and pseudonyms.
    @Test func corpusFilesCountTheSameOnTwoThreads() throws {
        try #require(Corpus.isPresent, "the shared corpus is missing at \(Corpus.directory)")
        var compared = 0
        for row in Corpus.manifest {
            let file = row.file
            let path = Corpus.path(file)
            var alone = UsageSampler(windowSeconds: 60) { Self.key(for: $0) }
            var paired = UsageSampler(windowSeconds: 60) { Self.key(for: $0) }
            guard let first = try? CaptureFile.read(path: path, { try alone.add($0) }) else {
                continue  // refused files are the reader's tests
            }
            let second = try PipelinedSampling.run(into: &paired) { count in
                try CaptureFile.read(path: path, count)
            }
            #expect(first.packets == second.packets, "\(file)")
            #expect(alone.finish() == paired.finish(), "\(file)")
            compared += 1
        }
        #expect(compared > 50)
    }

    /// More packets than a few batches, over many windows, some out of time order.
    @Test func manyBatchesKeepTheirOrder() throws {
        var frame = DecodedFrame()
        frame.isData = true
        frame.distributionSystem = 1
        let packets = 50_000
        func feed(_ body: (Int64, DecodedFrame) throws -> Void) rethrows {
            for index in 0..<packets {
                frame.source = MAC48(value: 0x0200_0000_0000 + UInt64(index % 997))
                // Every 1,000th packet is 10 minutes late.
                let second = Int64(1_767_571_200 + index / 10 - (index % 1000 == 0 ? 600 : 0))
                try body(second * 1_000_000_000, frame)
            }
        }
        var alone = UsageSampler(windowSeconds: 300) { Self.key(for: $0) }
        try feed { time, frame in
            try alone.add(frame, timestampNanoseconds: time, wireLength: 64, linkType: .radiotap)
        }
        var paired = UsageSampler(windowSeconds: 300) { Self.key(for: $0) }
        let bytes = [UInt8](repeating: 0, count: 64)
        try bytes.withUnsafeBytes { raw in
            _ = try PipelinedSampling.run(into: &paired) { count in
                // A raw 802.11 frame of zeros is an association request: a packet to count.
                try feed { time, _ in
                    try count(
                        PacketView(timestampNanoseconds: time, linkType: .ieee80211,
                                   originalLength: 64, bytes: raw))
                }
            }
        }
        let expected = alone.finish().map(\.counters.packets)
        let got = paired.finish().map(\.counters.packets)
        #expect(got == expected)
        #expect(got.reduce(0, +) == packets)
    }

    struct NoKey: Error {}

    /// A day whose key cannot be had stops the reader and comes back as the error.
    @Test func aCountingErrorStopsTheReading() throws {
        var sampler = UsageSampler(windowSeconds: 60) { _ in throw NoKey() }
        var offered = 0
        let bytes = [UInt8](repeating: 0, count: 64)
        #expect(throws: NoKey.self) {
            try bytes.withUnsafeBytes { raw in
                _ = try PipelinedSampling.run(into: &sampler) { count in
                    for index in 0..<1_000_000 {
                        offered += 1
                        try count(
                            PacketView(timestampNanoseconds: Int64(index) * 1_000_000,
                                       linkType: .ieee80211, originalLength: 64, bytes: raw))
                    }
                }
            }
        }
        #expect(offered < 1_000_000)
    }

    static func key(for day: String) -> PseudonymKey {
        PseudonymKey(day: day, bytes: [UInt8](repeating: 9, count: 32))!
    }
}

import Privacy
import Testing
import Usage

/// Windows are closed as the capture moves on (bounded memory) and still come out whole.
@Suite struct WindowClosingTests {
    static let key = PseudonymKey(day: "2026-01-05", bytes: [UInt8](repeating: 3, count: 32))!

    static func frame(source: UInt64) -> DecodedFrame {
        var frame = DecodedFrame()
        frame.isData = true
        frame.distributionSystem = 1
        frame.source = MAC48(value: source)
        frame.destination = MAC48(value: 0x0200_0000_00FF)
        return frame
    }

    /// 2026-01-05 00:00:00 UTC in nanoseconds, plus `seconds`.
    static func at(_ seconds: Int64) -> Int64 { (1_767_571_200 + seconds) * 1_000_000_000 }

    @Test func aLongOrderedCaptureGivesEveryWindowOnce() throws {
        var sampler = UsageSampler(windowSeconds: 60) { _ in Self.key }
        for minute in 0..<50 {
            for device in 0..<3 {
                try sampler.add(Self.frame(source: 0x0200_0000_0000 + UInt64(device)),
                                timestampNanoseconds: Self.at(Int64(minute) * 60 + 5),
                                wireLength: 100, linkType: .radiotap)
            }
        }
        let windows = sampler.finish()
        #expect(windows.count == 50)
        #expect(windows.map(\.counters.packets) == Array(repeating: 3, count: 50))
        #expect(windows.map(\.counters.clients) == Array(repeating: 3, count: 50))
        #expect(windows.map(\.start) == (0..<50).map { 1_767_571_200 + Int64($0) * 60 })
    }

    @Test func aLatePacketJoinsItsClosedWindow() throws {
        var sampler = UsageSampler(windowSeconds: 60) { _ in Self.key }
        for minute in 0..<5 {
            try sampler.add(
                Self.frame(source: 0x0200_0000_0001),
                timestampNanoseconds: Self.at(Int64(minute) * 60),
                wireLength: 10, linkType: .radiotap)
        }
        // Minute 0 was closed when minute 3 began; a late packet from a new device reopens it.
        try sampler.add(Self.frame(source: 0x0200_0000_0002), timestampNanoseconds: Self.at(30),
                        wireLength: 10, linkType: .radiotap)
        let windows = sampler.finish()
        #expect(windows.count == 5)
        #expect(windows[0].counters.packets == 2)
        #expect(windows[0].counters.bytesUp == 20)
        #expect(windows[0].counters.clients == 2)
        #expect(windows[0].clientPseudonyms.count == 2)
    }
}

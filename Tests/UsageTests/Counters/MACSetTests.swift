@testable import Usage
import Testing

@Suite struct MACSetTests {
    /// The sampler's flat MAC set agrees with `Set<MAC48>` on membership and count, across
    /// its growth steps, for random addresses with repeats, the zero address and the broadcast.
    @Test func agreesWithSet() {
        var fast = MACSet()
        var reference: Set<MAC48> = []
        var state: UInt64 = 42
        for round in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mac = round % 7 == 0 ? MAC48(value: UInt64(round % 50)) : MAC48(value: state >> 16)
            #expect(fast.insert(mac) == reference.insert(mac).inserted)
        }
        #expect(fast.insert(.broadcast) == reference.insert(.broadcast).inserted)
        #expect(fast.insert(MAC48(value: 0)) == reference.insert(MAC48(value: 0)).inserted)
        #expect(fast.count == reference.count)
        var seen: Set<MAC48> = []
        fast.forEach { seen.insert($0) }
        #expect(seen == reference)
        #expect(fast.contains(MAC48(value: 0)))
        #expect(
            !fast.contains(MAC48(value: 0x0200_0000_0001))
                || reference.contains(MAC48(value: 0x0200_0000_0001)))
        #expect(!MACSet().contains(.broadcast))
    }
}

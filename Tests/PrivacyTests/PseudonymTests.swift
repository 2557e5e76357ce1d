import Privacy
import Testing

@Suite struct PseudonymTests {
    /// HMAC-SHA256(key = 0x0b × 32, "Hi The") truncated to 64 bits, as Python's hmac module
    /// computes it.
    @Test func pseudonymIsTruncatedHMACSHA256() {
        let key = PseudonymKey(day: "2026-12-03", bytes: [UInt8](repeating: 0x0B, count: 32))!
        var pseudonymizer = Pseudonymizer(key: key)
        let mac: [UInt8] = Array("Hi The".utf8)
        #expect(pseudonymizer.pseudonym(ofMAC: mac).description == "c3d1d7c34583549e")
    }

    @Test func pseudonymsAreStablePerKeyAndDifferAcrossDays() {
        let mac: [UInt8] = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55]
        let monday = PseudonymKey(day: "2026-12-07", bytes: [UInt8](repeating: 1, count: 32))!
        let tuesday = PseudonymKey(day: "2026-12-08", bytes: [UInt8](repeating: 2, count: 32))!
        var first = Pseudonymizer(key: monday)
        var again = Pseudonymizer(key: monday)
        var other = Pseudonymizer(key: tuesday)
        #expect(first.pseudonym(ofMAC: mac) == again.pseudonym(ofMAC: mac))
        #expect(first.pseudonym(ofMAC: mac) != other.pseudonym(ofMAC: mac))
        _ = first.pseudonym(ofMAC: mac)
        #expect(first.cachedCount == 1)
    }

    @Test func generatedKeysAreRandomAndWholeLength() {
        let a = PseudonymKey.generate(day: "2026-12-03")
        let b = PseudonymKey.generate(day: "2026-12-03")
        #expect(a.bytes.count == 32)
        #expect(a.bytes != b.bytes)
        #expect(PseudonymKey(day: "2026-12-03", bytes: [1, 2, 3]) == nil)
    }

    @Test func hexRoundTrips() {
        let pseudonym = Pseudonym(value: 0x00ab_cdef_0123_4567)
        #expect(pseudonym.description == "00abcdef01234567")
        #expect(Pseudonym(hex: "00abcdef01234567") == pseudonym)
        #expect(Pseudonym(hex: "xyz") == nil)
    }
}

@Suite struct PackedPseudonymTests {
    /// The packed form (first octet highest) gives the same pseudonym as the byte form, and the
    /// reused HMAC context the same digest as the one-shot vector above.
    @Test func packedMACGivesTheSamePseudonym() {
        let key = PseudonymKey(day: "2026-12-03", bytes: [UInt8](repeating: 0x0B, count: 32))!
        var packed = Pseudonymizer(key: key)
        #expect(packed.pseudonym(ofPackedMAC: 0x4869_2054_6865).description == "c3d1d7c34583549e")
        var bytes = Pseudonymizer(key: key)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mac = state >> 16
            let octets = (0..<6).map { UInt8(truncatingIfNeeded: mac >> (40 - 8 * $0)) }
            #expect(packed.pseudonym(ofPackedMAC: mac) == bytes.pseudonym(ofMAC: octets))
        }
    }
}

@Suite struct PseudonymCacheTests {
    /// 20,000 devices (the cache grows several times on the way), asked again in another order
    /// and after a reservation: every answer from the cache is the one a fresh pseudonymizer
    /// computes, and each device was computed once.
    @Test func cachedPseudonymsMatchFreshOnesAcrossGrowth() {
        let key = PseudonymKey(day: "2026-12-04", bytes: [UInt8](repeating: 7, count: 32))!
        var cached = Pseudonymizer(key: key)
        let macs = (0..<20_000).map { UInt64(0x021B_4400_0000) | UInt64($0) }
        var first: [UInt64: Pseudonym] = [:]
        for mac in macs { first[mac] = cached.pseudonym(ofPackedMAC: mac) }
        #expect(cached.cachedCount == 20_000)
        cached.reserveCapacity(40_000)
        for mac in macs.reversed() { #expect(cached.pseudonym(ofPackedMAC: mac) == first[mac]) }
        #expect(cached.cachedCount == 20_000)
        for mac in macs.prefix(300) {
            var fresh = Pseudonymizer(key: key)
            #expect(fresh.pseudonym(ofPackedMAC: mac) == first[mac])
        }
        #expect(Set(first.values).count == 20_000)
    }

    /// Addresses arriving in hash order (as an address set walked slot by slot hands them
    /// over), after the reservation the sampler makes: all found again, none lost.
    @Test func hashOrderedRunAfterReservation() {
        let key = PseudonymKey(day: "2026-12-04", bytes: [UInt8](repeating: 9, count: 32))!
        var cached = Pseudonymizer(key: key)
        let multiplier = AddressHashing.multiplier
        #expect(multiplier & 1 == 1)
        let macs = (0..<30_000).map { UInt64(0x001B_4400_0000) | UInt64($0) * 3 }
            .sorted { $0 &* multiplier < $1 &* multiplier }
        cached.reserveCapacity(macs.count)
        let values = macs.map { cached.pseudonym(ofPackedMAC: $0) }
        #expect(cached.cachedCount == 30_000)
        #expect(macs.map { cached.pseudonym(ofPackedMAC: $0) } == values)
    }
}

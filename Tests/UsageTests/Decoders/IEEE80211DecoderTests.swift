// Golden tests for 802.11 frames (raw, inside radiotap, inside Prism/AVS): addresses by
// To DS / From DS, QoS and HT Control header lengths, LLC/SNAP into IP, probe requests.

import Testing
import Usage

@Suite("802.11, radiotap and Prism frames")
struct IEEE80211DecoderTests {

    /// LLC/SNAP + IPv4 + UDP + DNS query: the body of an open data frame.
    static let dnsBody = Part.snap(type: 0x0800) + Part.ipv4(
        protocolNumber: 17,
        payload: Part.udp(source: 51515, destination: 53, payload: Part.dnsQuery))

    static let probeRequest = Part.wlan(
        type: 0, subtype: 4, address1: Part.broadcast, address2: Part.randomised,
        address3: Part.broadcast) + [
        0x00, 0x00,                          // SSID element, wildcard
        0x01, 0x04, 0x02, 0x04, 0x0B, 0x16,  // Supported Rates
    ]

    static let probeExpected = expected(source: Part.randomisedMAC, destination: .broadcast,
                                        bssid: .broadcast, isProbeRequest: true)

    // MARK: - Management and control

    @Test("a probe request: source is SA (addr2), destination and BSSID broadcast")
    func probeRequest() {
        #expect(decode(.ieee80211, Self.probeRequest) == Self.probeExpected)
    }

    @Test("a beacon and a probe response are management frames, not probe requests")
    func otherManagementFrames() {
        for subtype: UInt8 in [8, 5] {
            let frame = Part.wlan(type: 0, subtype: subtype, address1: Part.broadcast,
                                  address2: Part.accessPoint, address3: Part.accessPoint)
                + [UInt8](repeating: 0, count: 12)  // timestamp, interval, capabilities
            #expect(decode(.ieee80211, frame)
                    == expected(source: Part.accessPointMAC, destination: .broadcast,
                                bssid: Part.accessPointMAC))
        }
    }

    @Test("a management header cut short is truncated; a short frame on the wire too")
    func shortManagementFrame() {
        let cut = Array(Self.probeRequest.prefix(20))
        #expect(decode(.ieee80211, cut, originalLength: Self.probeRequest.count)
                == expected(.truncated))
        #expect(decode(.ieee80211, cut) == expected(.truncated))
    }

    @Test("control frames: ACK and CTS name only the receiver, RTS also the transmitter")
    func controlFrames() {
        let ack: [UInt8] = [
            0xD4, 0x00,                          // frame control: control, subtype 13 (ACK)
            0x00, 0x00,                          // duration
        ] + Part.client                          // RA
        #expect(decode(.ieee80211, ack) == expected(destination: Part.clientMAC))

        let rts: [UInt8] = [
            0xB4, 0x00,                          // frame control: control, subtype 11 (RTS)
            0x2C, 0x01,                          // duration
        ] + Part.accessPoint + Part.client       // RA, TA
        #expect(decode(.ieee80211, rts)
                == expected(source: Part.clientMAC, destination: Part.accessPointMAC))
        #expect(decode(.ieee80211, Array(rts.prefix(12)), originalLength: 16)
                == expected(.truncated))
    }

    @Test("extension frames (type 3) are read as nothing; protocol version 1 is malformed")
    func extensionAndVersion() {
        let dmgBeacon: [UInt8] = [0x0C, 0x00, 0x00, 0x00] + Part.accessPoint  // type 3, subtype 0
        #expect(decode(.ieee80211, dmgBeacon) == expected())
        var versionOne = Self.probeRequest
        versionOne[0] |= 0x01
        #expect(decode(.ieee80211, versionOne) == expected(.malformed))
        #expect(decode(.ieee80211, [0x08]) == expected(.truncated))
    }

    // MARK: - Data frames: addresses

    @Test("To DS / From DS 00, 01, 10, 11 choose SA, DA and BSSID per IEEE 802.11 §9.3.2.1")
    func dataAddresses() {
        let neither = Part.wlan(type: 2, subtype: 0, flags: 0x00, address1: Part.router,
                                address2: Part.client, address3: Part.accessPoint)
        #expect(decode(.ieee80211, neither + Self.dnsBody)
                == expected(source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, isDNSQuery: true))

        let fromDS = Part.wlan(type: 2, subtype: 0, flags: 0x02, address1: Part.client,
                               address2: Part.accessPoint, address3: Part.router)
        #expect(decode(.ieee80211, fromDS + Self.dnsBody)
                == expected(source: Part.routerMAC, destination: Part.clientMAC,
                            bssid: Part.accessPointMAC, isData: true, isDNSQuery: true,
                            distributionSystem: 2))

        let toDS = Part.wlan(type: 2, subtype: 0, flags: 0x01, address1: Part.accessPoint,
                             address2: Part.client, address3: Part.router)
        #expect(decode(.ieee80211, toDS + Self.dnsBody)
                == expected(source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, isDNSQuery: true,
                            distributionSystem: 1))

        let both = Part.wlan(type: 2, subtype: 0, flags: 0x03, address1: Part.accessPoint,
                             address2: Part.broadcast, address3: Part.router,
                             address4: Part.client)
        #expect(decode(.ieee80211, both + Self.dnsBody)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true,
                            isDNSQuery: true, distributionSystem: 3))
        #expect(decode(.ieee80211, Array(both.prefix(27)), originalLength: 200)
                == expected(.truncated, isData: true, distributionSystem: 3))
    }

    // MARK: - Data frames: header length

    @Test("QoS data adds 2 bytes; with Order set, HT Control adds 4 more")
    func qosAndHTControl() {
        let qos = Part.wlan(type: 2, subtype: 8, flags: 0x01, address1: Part.accessPoint,
                            address2: Part.client, address3: Part.router,
                            qos: [0x00, 0x00])   // TID 0
        let query = expected(source: Part.clientMAC, destination: Part.routerMAC,
                             bssid: Part.accessPointMAC, isData: true, isDNSQuery: true,
                             distributionSystem: 1)
        #expect(decode(.ieee80211, qos + Self.dnsBody) == query)

        let ht = Part.wlan(type: 2, subtype: 8, flags: 0x81, address1: Part.accessPoint,
                           address2: Part.client, address3: Part.router, qos: [0x00, 0x00],
                           htControl: [0x01, 0x00, 0x00, 0x00])
        #expect(decode(.ieee80211, ht + Self.dnsBody) == query)

        // Order on a non-QoS data frame does not add HT Control (§9.2.4.1.10).
        let plainOrder = Part.wlan(type: 2, subtype: 0, flags: 0x81, address1: Part.accessPoint,
                                   address2: Part.client, address3: Part.router)
        #expect(decode(.ieee80211, plainOrder + Self.dnsBody) == query)

        // QoS Control cut by the capture.
        #expect(decode(.ieee80211, Array(qos.prefix(25)), originalLength: 120)
                == expected(.truncated, source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, distributionSystem: 1))
    }

    @Test("an A-MSDU is read through its first subframe header")
    func aggregateMSDU() {
        let header = Part.wlan(type: 2, subtype: 8, flags: 0x01, address1: Part.accessPoint,
                               address2: Part.client, address3: Part.router,
                               qos: [0x80, 0x00])  // A-MSDU present
        let length = UInt16(Self.dnsBody.count)
        let subframe = Part.router + Part.client + [UInt8(length >> 8), UInt8(length & 0xFF)]
        #expect(decode(.ieee80211, header + subframe + Self.dnsBody)
                == expected(source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, isDNSQuery: true,
                            distributionSystem: 1))
    }

    @Test("protected and null data frames carry no readable body")
    func protectedAndNullData() {
        let protected = Part.wlan(type: 2, subtype: 8, flags: 0x41, address1: Part.accessPoint,
                                  address2: Part.client, address3: Part.router, qos: [0, 0])
        let addresses = expected(source: Part.clientMAC, destination: Part.routerMAC,
                                 bssid: Part.accessPointMAC, isData: true, distributionSystem: 1)
        // A body that would read as a DNS query if it were not encrypted.
        #expect(decode(.ieee80211, protected + Self.dnsBody) == addresses)

        let null = Part.wlan(type: 2, subtype: 12, flags: 0x11, address1: Part.accessPoint,
                             address2: Part.client, address3: Part.router, qos: [0, 0])
        #expect(decode(.ieee80211, null + Self.dnsBody) == addresses)
    }

    @Test("a body that is not LLC/SNAP, or SNAP with another OUI, is not read")
    func nonSNAPBodies() {
        let header = Part.wlan(type: 2, subtype: 0, flags: 0x01, address1: Part.accessPoint,
                               address2: Part.client, address3: Part.router)
        let addresses = expected(source: Part.clientMAC, destination: Part.routerMAC,
                                 bssid: Part.accessPointMAC, isData: true, distributionSystem: 1)
        var aironet = Self.dnsBody
        aironet[3...5] = [0x00, 0x40, 0x96]  // Cisco OUI
        #expect(decode(.ieee80211, header + aironet) == addresses)
        #expect(decode(.ieee80211, header + [0x42, 0x42, 0x03, 0x00]) == addresses)
        #expect(decode(.ieee80211, header) == addresses)
        #expect(decode(.ieee80211, header + [0xAA, 0xAA, 0x03, 0x00], originalLength: 120)
                == expected(.truncated, source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, distributionSystem: 1))
    }

    // MARK: - Radiotap

    @Test("minimal radiotap (it_len 8, nothing present) around a probe request")
    func minimalRadiotap() {
        let frame = Part.radiotap(present: [0], fields: []) + Self.probeRequest
        #expect(decode(.radiotap, frame) == Self.probeExpected)
    }

    /// QoS data to DS carrying the DNS query, then a 4-byte FCS.
    static let dataWithFCS = Part.wlan(type: 2, subtype: 8, flags: 0x01,
                                       address1: Part.accessPoint, address2: Part.client,
                                       address3: Part.router, qos: [0, 0])
        + dnsBody + [0xDE, 0xAD, 0xBE, 0xEF]

    static let dataQuery = expected(source: Part.clientMAC, destination: Part.routerMAC,
                                    bssid: Part.accessPointMAC, isData: true, isDNSQuery: true,
                                    distributionSystem: 1)

    @Test("TSFT then Flags after an extended present word: Flags found at its 8-aligned place")
    func radiotapAlignmentAfterExtendedBitmap() {
        let header = Part.radiotap(present: [0x8000_0003, 0x0000_0000], fields: [
            0x00, 0x00, 0x00, 0x00,                          // padding: TSFT aligns to 16
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // TSFT (u64)
            0x10,                                            // Flags: FCS at end
        ])
        #expect(header.count == 25)
        #expect(decode(.radiotap, header + Self.dataWithFCS) == Self.dataQuery)
    }

    @Test("present words chained through a vendor namespace")
    func radiotapVendorNamespace() {
        let header = Part.radiotap(present: [0x8000_0003, 0xC000_0000, 0x0000_0001], fields: [
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // TSFT at 16, already aligned
            0x10,                                            // Flags: FCS at end
            0x00,                                            // padding: vendor header aligns to 2
            0x00, 0x11, 0x22,                                // vendor OUI
            0x00,                                            // vendor sub-namespace
            0x04, 0x00,                                      // skip_length 4
            0xCA, 0xFE, 0xCA, 0xFE,                          // vendor data
        ])
        #expect(header.count == 36)
        #expect(decode(.radiotap, header + Self.dataWithFCS) == Self.dataQuery)
    }

    @Test("the FCS bytes are not frame body: an IPv4 length reaching into them is malformed")
    func radiotapFCSIsStripped() {
        let flagsOnly = Part.radiotap(present: [0x0000_0002], fields: [0x10])  // Flags: FCS
        var data = Self.dataWithFCS
        data[26 + 8 + 3] += 4  // IPv4 total length now also covers the FCS
        #expect(decode(.radiotap, flagsOnly + data).status == .malformed)

        let noFCS = Part.radiotap(present: [0x0000_0002], fields: [0x00])
        #expect(decode(.radiotap, noFCS + data) == Self.dataQuery)

        let tooShort = flagsOnly + [0x08, 0x00]  // 2 bytes after the header, FCS needs 4
        #expect(decode(.radiotap, tooShort) == expected(.malformed))
    }

    @Test("a frame cut by the snap length keeps its header fields; the FCS is simply absent")
    func radiotapCutBySnapLength() {
        let header = Part.radiotap(present: [0x0000_0002], fields: [0x10])
        let whole = header + Self.dataWithFCS
        let cut = Array(whole.prefix(whole.count - 20))  // inside the DNS header
        #expect(decode(.radiotap, cut, originalLength: whole.count)
                == expected(.truncated, source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, distributionSystem: 1))
    }

    @Test("the data-padding flag moves the body to a 4-byte boundary")
    func radiotapDataPadding() {
        let padded = Part.radiotap(present: [0x0000_0002], fields: [0x20])  // Flags: data pad
        let data = Part.wlan(type: 2, subtype: 8, flags: 0x01, address1: Part.accessPoint,
                             address2: Part.client, address3: Part.router, qos: [0, 0])
            + [0x00, 0x00]                   // padding: 26-byte header to 28
            + Self.dnsBody
        #expect(decode(.radiotap, padded + data) == Self.dataQuery)

        let unpadded = Part.radiotap(present: [0x0000_0002], fields: [0x00])
        #expect(decode(.radiotap, unpadded + data)
                == expected(source: Part.clientMAC, destination: Part.routerMAC,
                            bssid: Part.accessPointMAC, isData: true, distributionSystem: 1))
    }

    @Test("bad FCS, version 1, it_len below 8 or past the packet are malformed")
    func malformedRadiotap() {
        let badFCS = Part.radiotap(present: [0x0000_0002], fields: [0x50])  // FCS + bad FCS
        #expect(decode(.radiotap, badFCS + Self.dataWithFCS) == expected(.malformed))

        var versionOne = Part.radiotap(present: [0], fields: []) + Self.probeRequest
        versionOne[0] = 1
        #expect(decode(.radiotap, versionOne) == expected(.malformed))

        var short = Part.radiotap(present: [0], fields: []) + Self.probeRequest
        short[2] = 7
        #expect(decode(.radiotap, short) == expected(.malformed))

        var long = Part.radiotap(present: [0], fields: []) + Self.probeRequest
        long[2] = 0xFF
        long[3] = 0x00
        #expect(decode(.radiotap, long) == expected(.malformed))
        // The same it_len is only truncation when the wire length covers it.
        #expect(decode(.radiotap, long, originalLength: 400) == expected(.truncated))
    }

    @Test("a present word or Flags beyond it_len is malformed")
    func radiotapFieldsBeyondLength() {
        // Bit 31 set in the only word that it_len covers.
        let chained = Part.radiotap(present: [0x8000_0000], fields: []) + Self.probeRequest
        #expect(decode(.radiotap, chained) == expected(.malformed))

        // Flags announced, but it_len ends before it.
        let noFlags = Part.radiotap(present: [0x0000_0002], fields: []) + Self.probeRequest
        #expect(decode(.radiotap, noFlags) == expected(.malformed))

        // TSFT alignment pushes Flags past it_len.
        let pushed = Part.radiotap(present: [0x0000_0003], fields: [UInt8](repeating: 0, count: 8))
            + Self.probeRequest
        #expect(decode(.radiotap, pushed) == expected(.malformed))
    }

    @Test("a radiotap header cut by the capture is truncated")
    func truncatedRadiotap() {
        let frame = Part.radiotap(present: [0], fields: []) + Self.probeRequest
        #expect(decode(.radiotap, Array(frame.prefix(5)), originalLength: frame.count)
                == expected(.truncated))
        #expect(decode(.radiotap, []) == expected(.truncated))
    }

    // MARK: - Prism and AVS

    static func prismHeader(littleEndian: Bool) -> [UInt8] {
        var header: [UInt8] = littleEndian
            ? [0x44, 0x00, 0x00, 0x00, 0x90, 0x00, 0x00, 0x00]  // msgcode 0x44, msglen 144 (LE)
            : [0x00, 0x00, 0x00, 0x44, 0x00, 0x00, 0x00, 0x90]  // msgcode, msglen 144 (BE)
        header += Array("wlan0".utf8) + [UInt8](repeating: 0, count: 11)  // devname[16]
        header += [UInt8](repeating: 0, count: 144 - header.count)        // items (DIDs)
        return header
    }

    @Test("Prism: msglen (either byte order) skips the header to the 802.11 frame")
    func prism() {
        #expect(decode(.prism, Self.prismHeader(littleEndian: true) + Self.probeRequest)
                == Self.probeExpected)
        #expect(decode(.prism, Self.prismHeader(littleEndian: false) + Self.probeRequest)
                == Self.probeExpected)
    }

    @Test("AVS header (magic 0x80211001) gives its big-endian length")
    func avs() {
        let header: [UInt8] = [
            0x80, 0x21, 0x10, 0x01,              // version/magic
            0x00, 0x00, 0x00, 0x40,              // header length 64
        ] + [UInt8](repeating: 0, count: 56)     // mactime, hosttime, phytype, channel, …
        #expect(decode(.prism, header + Self.probeRequest) == Self.probeExpected)
    }

    @Test("a Prism packet shorter than its msglen is malformed; cut by the capture, truncated")
    func shortPrism() {
        let header = Self.prismHeader(littleEndian: true)
        #expect(decode(.prism, Array(header.prefix(17))) == expected(.malformed))
        #expect(decode(.prism, Array(header.prefix(4)), originalLength: 200)
                == expected(.truncated))
        let whole = header + Self.probeRequest
        #expect(decode(.prism, Array(whole.prefix(150)), originalLength: whole.count)
                == expected(.truncated))
    }
}

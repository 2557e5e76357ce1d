// Hand-built packet parts for the golden decoder tests. Every byte is written out with the
// field it belongs to; the builders only fill in lengths so that the parts can be stacked.

import Usage

/// Packet parts, outermost first: link headers, IP, transport, application.
enum Part {

    // MARK: - Addresses used throughout

    static let client: [UInt8] = [0x3C, 0x22, 0xFB, 0x10, 0x20, 0x30]
    static let accessPoint: [UInt8] = [0x00, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E]
    static let router: [UInt8] = [0xF0, 0x9F, 0xC2, 0x01, 0x02, 0x03]
    static let randomised: [UInt8] = [0xDA, 0xA1, 0x19, 0x00, 0x00, 0x01]  // LA bit set
    static let broadcast: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
    static let clientMAC = mac(0x3C, 0x22, 0xFB, 0x10, 0x20, 0x30)
    static let accessPointMAC = mac(0x00, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E)
    static let routerMAC = mac(0xF0, 0x9F, 0xC2, 0x01, 0x02, 0x03)
    static let randomisedMAC = mac(0xDA, 0xA1, 0x19, 0x00, 0x00, 0x01)

    // MARK: - Application

    /// DNS query header (RFC 1035 §4.1.1) and one question for "a.vn" IN A.
    static let dnsQuery: [UInt8] = [
        0xBE, 0xEF,              // ID
        0x01, 0x00,              // QR=0 (query), opcode 0, RD=1
        0x00, 0x01,              // QDCOUNT 1
        0x00, 0x00,              // ANCOUNT
        0x00, 0x00,              // NSCOUNT
        0x00, 0x00,              // ARCOUNT
        0x01, 0x61, 0x02, 0x76, 0x6E, 0x00,  // QNAME a.vn
        0x00, 0x01, 0x00, 0x01,  // QTYPE A, QCLASS IN
    ]

    /// DNS response header: QR=1.
    static let dnsResponse: [UInt8] = [
        0xBE, 0xEF,              // ID
        0x81, 0x80,              // QR=1, RD, RA
        0x00, 0x01,              // QDCOUNT
        0x00, 0x00,              // ANCOUNT
        0x00, 0x00,              // NSCOUNT
        0x00, 0x00,              // ARCOUNT
    ]

    /// A BOOTP/DHCP message (RFC 2131 §2) with `options` after the magic cookie.
    static func dhcp(op: UInt8 = 1, cookie: [UInt8] = [0x63, 0x82, 0x53, 0x63],
                     options: [UInt8]) -> [UInt8] {
        var message: [UInt8] = [
            op,                      // op: 1 BOOTREQUEST, 2 BOOTREPLY
            0x01,                    // htype: Ethernet
            0x06,                    // hlen
            0x00,                    // hops
            0x39, 0x03, 0xF3, 0x26,  // xid
            0x00, 0x00,              // secs
            0x80, 0x00,              // flags: broadcast
        ]
        message += [UInt8](repeating: 0, count: 16)   // ciaddr, yiaddr, siaddr, giaddr
        message += client + [UInt8](repeating: 0, count: 10)  // chaddr (16)
        message += [UInt8](repeating: 0, count: 64)   // sname
        message += [UInt8](repeating: 0, count: 128)  // file
        message += cookie                             // magic cookie 99.130.83.99
        return message + options
    }

    /// DHCP options: message type `type` (option 53), then end.
    static func dhcpOptions(type: UInt8) -> [UInt8] {
        [
            0x35, 0x01, type,        // option 53, length 1, DHCP message type
            0x0C, 0x02, 0x6B, 0x6E,  // option 12 host name "kn"
            0xFF,                    // end
        ]
    }

    // MARK: - Transport

    /// UDP header (RFC 768); `length` defaults to header plus payload.
    static func udp(source: UInt16, destination: UInt16, payload: [UInt8],
                    length: Int? = nil) -> [UInt8] {
        let length = length ?? 8 + payload.count
        return [
            UInt8(source >> 8), UInt8(source & 0xFF),            // source port
            UInt8(destination >> 8), UInt8(destination & 0xFF),  // destination port
            UInt8(length >> 8), UInt8(length & 0xFF),            // length
            0x00, 0x00,                                          // checksum (not checked)
        ] + payload
    }

    /// TCP header (RFC 9293 §3.1) without options unless `dataOffsetWords` says otherwise.
    static func tcp(source: UInt16, destination: UInt16, dataOffsetWords: UInt8 = 5,
                    payload: [UInt8] = []) -> [UInt8] {
        [
            UInt8(source >> 8), UInt8(source & 0xFF),            // source port
            UInt8(destination >> 8), UInt8(destination & 0xFF),  // destination port
            0x00, 0x00, 0x10, 0x00,                              // sequence number
            0x00, 0x00, 0x00, 0x00,                              // acknowledgment number
            dataOffsetWords << 4,                                // data offset, reserved
            0x18,                                                // flags: PSH ACK
            0xFA, 0xF0,                                          // window
            0x00, 0x00,                                          // checksum
            0x00, 0x00,                                          // urgent pointer
        ] + payload
    }

    // MARK: - IP

    /// IPv4 header (RFC 791 §3.1), IHL 5, followed by `payload`.
    static func ipv4(protocolNumber: UInt8, payload: [UInt8], versionAndIHL: UInt8 = 0x45,
                     totalLength: Int? = nil, fragment: UInt16 = 0x4000) -> [UInt8] {
        let total = totalLength ?? 20 + payload.count
        return [
            versionAndIHL,                                 // version 4, IHL 5 words
            0x00,                                          // DSCP, ECN
            UInt8(total >> 8 & 0xFF), UInt8(total & 0xFF), // total length
            0x1C, 0x46,                                    // identification
            UInt8(fragment >> 8), UInt8(fragment & 0xFF),  // flags (DF), fragment offset
            0x40,                                          // TTL
            protocolNumber,                                // protocol
            0x00, 0x00,                                    // header checksum (not checked)
            10, 0, 0, 23,                                  // source 10.0.0.23
            10, 0, 0, 1,                                   // destination 10.0.0.1
        ] + payload
    }

    /// IPv6 header (RFC 8200 §3) followed by `payload` (extension headers included).
    static func ipv6(nextHeader: UInt8, payload: [UInt8], payloadLength: Int? = nil) -> [UInt8] {
        let length = payloadLength ?? payload.count
        var header: [UInt8] = [
            0x60, 0x00, 0x00, 0x00,                          // version 6, class, flow label
            UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), // payload length
            nextHeader,                                      // next header
            0x40,                                            // hop limit
        ]
        header += [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [0x17]  // source fe80::17
        header += [0x20, 0x01, 0x48, 0x60] + [UInt8](repeating: 0, count: 10)
            + [0x88, 0x88]                                   // destination 2001:4860::8888
        return header + payload
    }

    // MARK: - Link layers

    /// Ethernet II header (IEEE 802.3 §3.2): destination, source, EtherType.
    static func ethernet(destination: [UInt8] = router, source: [UInt8] = client,
                         type: UInt16) -> [UInt8] {
        destination + source + [UInt8(type >> 8), UInt8(type & 0xFF)]
    }

    /// An 802.1Q / 802.1ad tag: TCI (priority 5, VLAN `vlan`), then the next EtherType.
    static func vlanTag(vlan: UInt16, next: UInt16) -> [UInt8] {
        [
            0xA0 | UInt8(vlan >> 8 & 0x0F), UInt8(vlan & 0xFF),  // PCP 5, DEI 0, VID
            UInt8(next >> 8), UInt8(next & 0xFF),                // EtherType
        ]
    }

    /// LLC/SNAP header (IEEE 802 §10.3, RFC 1042) carrying EtherType `type`.
    static func snap(type: UInt16) -> [UInt8] {
        [
            0xAA, 0xAA, 0x03,                      // DSAP, SSAP, control (UI)
            0x00, 0x00, 0x00,                      // OUI: RFC 1042
            UInt8(type >> 8), UInt8(type & 0xFF),  // EtherType
        ]
    }

    /// 802.11 MAC header (IEEE 802.11-2020 §9.2.3) for type/subtype and flags.
    static func wlan(type: UInt8, subtype: UInt8, flags: UInt8 = 0, address1: [UInt8],
                     address2: [UInt8], address3: [UInt8], address4: [UInt8]? = nil,
                     qos: [UInt8]? = nil, htControl: [UInt8]? = nil) -> [UInt8] {
        var header: [UInt8] = [
            subtype << 4 | type << 2,  // frame control: protocol 0, type, subtype
            flags,                     // frame control flags: ToDS, FromDS, …, Protected, Order
            0x3A, 0x01,                // duration
        ]
        header += address1 + address2 + address3
        header += [0x10, 0x00]         // sequence control
        if let address4 { header += address4 }
        if let qos { header += qos }   // QoS control
        if let htControl { header += htControl }
        return header
    }

    /// Radiotap header with only `present` word(s) and `fields` (it_len computed).
    static func radiotap(present: [UInt32], fields: [UInt8]) -> [UInt8] {
        let length = 4 + 4 * present.count + fields.count
        var header: [UInt8] = [
            0x00,                                        // it_version
            0x00,                                        // it_pad
            UInt8(length & 0xFF), UInt8(length >> 8),    // it_len (little-endian)
        ]
        for word in present {                            // it_present words (little-endian)
            header += [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF),
                       UInt8(word >> 24)]
        }
        return header + fields
    }
}

/// The expected frame, named field by field.
func expected(_ status: DecodedFrame.Status = .ok, source: MAC48? = nil,
              destination: MAC48? = nil, bssid: MAC48? = nil, isData: Bool = false,
              isProbeRequest: Bool = false, dhcp: DecodedFrame.DHCP? = nil,
              isDNSQuery: Bool = false, distributionSystem: UInt8 = 0) -> DecodedFrame {
    var frame = DecodedFrame()
    frame.status = status
    frame.source = source
    frame.destination = destination
    frame.bssid = bssid
    frame.isData = isData
    frame.isProbeRequest = isProbeRequest
    frame.dhcp = dhcp
    frame.isDNSQuery = isDNSQuery
    frame.distributionSystem = distributionSystem
    return frame
}

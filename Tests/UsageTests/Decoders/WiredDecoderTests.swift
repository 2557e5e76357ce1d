// Golden tests for the wired link layers and everything above them: Ethernet with VLAN tags,
// 802.3/LLC, PPPoE, Linux cooked v1/v2, BSD loopback, raw IP; IPv4, IPv6, UDP, TCP, DHCP, DNS.

import Testing
import Usage

@Suite("Wired link layers, IP and the messages the counters read")
struct WiredDecoderTests {

    static let wiredQuery = expected(source: Part.clientMAC, destination: Part.routerMAC,
                                     isData: true, isDNSQuery: true)

    static func udpDNSQuery() -> [UInt8] {
        Part.ipv4(protocolNumber: 17,
                  payload: Part.udp(source: 51515, destination: 53, payload: Part.dnsQuery))
    }

    // MARK: - Ethernet

    @Test("an Ethernet DNS query, written out byte by byte")
    func ethernetDNSQueryLiteral() {
        let frame: [UInt8] = [
            0xF0, 0x9F, 0xC2, 0x01, 0x02, 0x03,  // destination (router)
            0x3C, 0x22, 0xFB, 0x10, 0x20, 0x30,  // source (client)
            0x08, 0x00,                          // EtherType IPv4
            0x45, 0x00, 0x00, 0x28,              // IPv4: version/IHL, DSCP, total length 40
            0x00, 0x01, 0x00, 0x00,              // identification, flags/fragment offset 0
            0x40, 0x11, 0x00, 0x00,              // TTL, protocol UDP, checksum
            0x0A, 0x00, 0x00, 0x17,              // source 10.0.0.23
            0x0A, 0x00, 0x00, 0x01,              // destination 10.0.0.1
            0xC9, 0x3B, 0x00, 0x35,              // UDP: source port 51515, destination 53
            0x00, 0x14, 0x00, 0x00,              // UDP length 20, checksum
            0x12, 0x34, 0x01, 0x00,              // DNS: ID, flags QR=0 RD=1
            0x00, 0x01, 0x00, 0x00,              // QDCOUNT 1, ANCOUNT 0
            0x00, 0x00, 0x00, 0x00,              // NSCOUNT 0, ARCOUNT 0
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // Ethernet padding to 60 bytes
        ]
        #expect(decode(.ethernet, frame) == Self.wiredQuery)
    }

    @Test("a DNS response and an mDNS query are not DNS queries")
    func responsesAndMulticastDNSAreNotQueries() {
        let response = Part.ethernet(type: 0x0800) + Part.ipv4(
            protocolNumber: 17,
            payload: Part.udp(source: 53, destination: 51515, payload: Part.dnsResponse))
        #expect(decode(.ethernet, response)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))

        let responseToPort53 = Part.ethernet(type: 0x0800) + Part.ipv4(
            protocolNumber: 17,
            payload: Part.udp(source: 53, destination: 53, payload: Part.dnsResponse))
        #expect(decode(.ethernet, responseToPort53).isDNSQuery == false)

        let multicast = Part.ethernet(type: 0x0800) + Part.ipv4(
            protocolNumber: 17,
            payload: Part.udp(source: 5353, destination: 5353, payload: Part.dnsQuery))
        #expect(decode(.ethernet, multicast)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))
    }

    @Test("ARP and other EtherTypes: addresses and data, nothing else")
    func otherEtherTypes() {
        let arp = Part.ethernet(destination: Part.broadcast, type: 0x0806) + [
            0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,  // ARP: Ethernet/IPv4 request
        ] + Part.client + [10, 0, 0, 23] + [UInt8](repeating: 0, count: 6) + [10, 0, 0, 1]
        #expect(decode(.ethernet, arp)
                == expected(source: Part.clientMAC, destination: .broadcast, isData: true))

        // 0x05DD–0x05FF is neither a length nor a type.
        let undefined = Part.ethernet(type: 0x05F0) + [UInt8](repeating: 0, count: 46)
        #expect(decode(.ethernet, undefined)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))
    }

    @Test("one 802.1Q tag, QinQ (802.1ad + 802.1Q), and the old 0x9100 outer tag")
    func stackedVLANTags() {
        let single = Part.ethernet(type: 0x8100) + Part.vlanTag(vlan: 42, next: 0x0800)
            + Self.udpDNSQuery()
        #expect(decode(.ethernet, single) == Self.wiredQuery)

        let qinq = Part.ethernet(type: 0x88A8) + Part.vlanTag(vlan: 100, next: 0x8100)
            + Part.vlanTag(vlan: 42, next: 0x0800) + Self.udpDNSQuery()
        #expect(decode(.ethernet, qinq) == Self.wiredQuery)

        let legacy = Part.ethernet(type: 0x9100) + Part.vlanTag(vlan: 100, next: 0x8100)
            + Part.vlanTag(vlan: 42, next: 0x86DD)
            + Part.ipv6(nextHeader: 17,
                        payload: Part.udp(source: 40000, destination: 53, payload: Part.dnsQuery))
        #expect(decode(.ethernet, legacy) == Self.wiredQuery)
    }

    @Test("nine stacked tags are malformed; a tag cut by the capture is truncated")
    func tooManyOrCutTags() {
        var tags: [UInt8] = []
        for _ in 0..<9 { tags += Part.vlanTag(vlan: 1, next: 0x8100) }
        let nine = Part.ethernet(type: 0x8100) + tags + Self.udpDNSQuery()
        #expect(decode(.ethernet, nine) == expected(.malformed, source: Part.clientMAC,
                                                    destination: Part.routerMAC, isData: true))

        let cut = Part.ethernet(type: 0x8100) + [0xA0, 0x2A]  // TCI only
        #expect(decode(.ethernet, cut, originalLength: 64)
                == expected(.truncated, source: Part.clientMAC, destination: Part.routerMAC,
                            isData: true))
    }

    @Test("an 802.3 length with LLC/SNAP carries IPv4; a length past the frame is malformed")
    func ieee8023LengthAndSNAP() {
        let payload = Part.snap(type: 0x0800) + Self.udpDNSQuery()
        let length = UInt16(payload.count)
        let frame = Part.ethernet(type: length) + payload
        #expect(decode(.ethernet, frame) == Self.wiredQuery)

        let overlong = Part.ethernet(type: length + 10) + payload
        #expect(decode(.ethernet, overlong) == expected(.malformed, source: Part.clientMAC,
                                                        destination: Part.routerMAC, isData: true))

        // Plain LLC (spanning tree: DSAP/SSAP 0x42) is not read.
        let stp = Part.ethernet(type: 0x0026) + [0x42, 0x42, 0x03]
            + [UInt8](repeating: 0, count: 35)
        #expect(decode(.ethernet, stp)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))
    }

    @Test("PPPoE session: IPv4 inside; a session length past the frame is malformed")
    func pppoeSession() {
        let ip = Self.udpDNSQuery()
        let length = UInt16(ip.count + 2)
        let session: [UInt8] = [
            0x11,                                  // version 1, type 1
            0x00,                                  // code: session data
            0x0F, 0x07,                            // session ID
            UInt8(length >> 8), UInt8(length & 0xFF),  // length (PPP protocol + payload)
            0x00, 0x21,                            // PPP protocol: IPv4
        ]
        #expect(decode(.ethernet, Part.ethernet(type: 0x8864) + session + ip) == Self.wiredQuery)

        var short = session
        short[5] -= 6  // the session ends before the IPv4 datagram does
        #expect(decode(.ethernet, Part.ethernet(type: 0x8864) + short + ip).status == .malformed)
    }

    @Test("an Ethernet header cut short: truncated, no addresses")
    func shortEthernetHeader() {
        let cut = Array(Part.ethernet(type: 0x0800).prefix(8))
        #expect(decode(.ethernet, cut, originalLength: 60) == expected(.truncated, isData: true))
        #expect(decode(.ethernet, []) == expected(.truncated, isData: true))
    }

    // MARK: - IPv4

    @Test("IPv4: IHL below 5, wrong version, total length too short or too long are malformed")
    func malformedIPv4() {
        let udp = Part.udp(source: 51515, destination: 53, payload: Part.dnsQuery)
        let addresses = expected(.malformed, source: Part.clientMAC, destination: Part.routerMAC,
                                 isData: true)
        for ip in [
            Part.ipv4(protocolNumber: 17, payload: udp, versionAndIHL: 0x44),
            Part.ipv4(protocolNumber: 17, payload: udp, versionAndIHL: 0x55),
            Part.ipv4(protocolNumber: 17, payload: udp, totalLength: 19),
            Part.ipv4(protocolNumber: 17, payload: udp, totalLength: 20 + udp.count + 1),
        ] {
            #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + ip) == addresses)
        }
    }

    @Test("IPv4 total length beyond the capture: truncated when cut by the snap length")
    func ipv4CutBySnapLength() {
        let frame = Part.ethernet(type: 0x0800) + Self.udpDNSQuery()
        let cut = Array(frame.prefix(14 + 20 + 8 + 2))
        #expect(decode(.ethernet, cut, originalLength: frame.count)
                == expected(.truncated, source: Part.clientMAC, destination: Part.routerMAC,
                            isData: true))
        #expect(decode(.ethernet, cut).status == .malformed)
    }

    @Test("IPv4 options: a 24-byte header still finds UDP")
    func ipv4Options() {
        let udp = Part.udp(source: 51515, destination: 53, payload: Part.dnsQuery)
        var ip = Part.ipv4(protocolNumber: 17, payload: [0x01, 0x01, 0x01, 0x00] + udp,
                           versionAndIHL: 0x46)  // IHL 6: four bytes of options (NOP NOP NOP EOL)
        ip[3] = UInt8(ip.count)
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + ip) == Self.wiredQuery)
    }

    @Test("IPv4 fragments: the first carries UDP, later ones are not read")
    func ipv4Fragments() {
        let udp = Part.udp(source: 51515, destination: 53, payload: Part.dnsQuery,
                           length: 8 + Part.dnsQuery.count + 1400)
        let first = Part.ipv4(protocolNumber: 17, payload: udp, fragment: 0x2000)  // MF, offset 0
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + first) == Self.wiredQuery)

        let later = Part.ipv4(protocolNumber: 17, payload: udp, fragment: 0x00B9)  // offset 185
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + later)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))

        let unfragmented = Part.ipv4(protocolNumber: 17, payload: udp)
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + unfragmented).status == .malformed)
    }

    // MARK: - UDP and TCP

    @Test("UDP length below 8 or past the datagram is malformed")
    func malformedUDP() {
        for length in [4, 8 + Part.dnsQuery.count + 1] {
            let ip = Part.ipv4(protocolNumber: 17, payload: Part.udp(
                source: 51515, destination: 53, payload: Part.dnsQuery, length: length))
            #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + ip).status == .malformed)
        }
    }

    @Test("a UDP datagram to port 53 shorter than a DNS header is malformed")
    func shortDNS() {
        let ip = Part.ipv4(protocolNumber: 17,
                           payload: Part.udp(source: 51515, destination: 53, payload: [0xBE, 0xEF]))
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + ip)
                == expected(.malformed, source: Part.clientMAC, destination: Part.routerMAC,
                            isData: true))
    }

    @Test("DNS over TCP: a query segment counts, a SYN does not, data offset below 5 is malformed")
    func dnsOverTCP() {
        let message = [0x00, UInt8(Part.dnsQuery.count)] + Part.dnsQuery  // length prefix
        let query = Part.ipv4(protocolNumber: 6,
                              payload: Part.tcp(source: 40001, destination: 53, payload: message))
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + query) == Self.wiredQuery)

        let syn = Part.ipv4(protocolNumber: 6, payload: Part.tcp(source: 40001, destination: 53))
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + syn)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))

        let bad = Part.ipv4(protocolNumber: 6, payload: Part.tcp(
            source: 40001, destination: 53, dataOffsetWords: 4, payload: message))
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + bad).status == .malformed)

        let reply = Part.ipv4(protocolNumber: 6,
                              payload: Part.tcp(source: 53, destination: 40001, payload: message))
        #expect(decode(.ethernet, Part.ethernet(type: 0x0800) + reply).isDNSQuery == false)
    }

    // MARK: - DHCP

    static func dhcpFrame(_ message: [UInt8], source: UInt16 = 68,
                          destination: UInt16 = 67) -> [UInt8] {
        Part.ethernet(destination: Part.broadcast, type: 0x0800) + Part.ipv4(
            protocolNumber: 17,
            payload: Part.udp(source: source, destination: destination, payload: message))
    }

    static func dhcpExpected(_ dhcp: DecodedFrame.DHCP?,
                             _ status: DecodedFrame.Status = .ok) -> DecodedFrame {
        expected(status, source: Part.clientMAC, destination: .broadcast, isData: true,
                 dhcp: dhcp)
    }

    @Test("DHCP message types: discover, request, others; pad options are skipped")
    func dhcpMessageTypes() {
        let discover = Part.dhcp(options: Part.dhcpOptions(type: 1))
        #expect(decode(.ethernet, Self.dhcpFrame(discover)) == Self.dhcpExpected(.discover))

        let request = Part.dhcp(options: [0x00, 0x00] + Part.dhcpOptions(type: 3))  // two pads
        #expect(decode(.ethernet, Self.dhcpFrame(request)) == Self.dhcpExpected(.request))

        let offer = Part.dhcp(op: 2, options: Part.dhcpOptions(type: 2))
        #expect(decode(.ethernet, Self.dhcpFrame(offer, source: 67, destination: 68))
                == Self.dhcpExpected(.other))

        let afterOtherOptions = Part.dhcp(options: [
            0x3D, 0x07, 0x01] + Part.client + [  // option 61 client identifier
            0x35, 0x01, 0x03,                    // option 53: request
            0xFF,                                // end
        ])
        #expect(decode(.ethernet, Self.dhcpFrame(afterOtherOptions)) == Self.dhcpExpected(.request))
    }

    @Test("DHCP without option 53 is other; BOOTP without the cookie is not DHCP")
    func dhcpWithoutType() {
        let noType = Part.dhcp(options: [0x0C, 0x02, 0x6B, 0x6E, 0xFF])
        #expect(decode(.ethernet, Self.dhcpFrame(noType)) == Self.dhcpExpected(.other))

        let noEnd = Part.dhcp(options: [0x0C, 0x02, 0x6B, 0x6E])  // options end with the datagram
        #expect(decode(.ethernet, Self.dhcpFrame(noEnd)) == Self.dhcpExpected(.other))

        let bootp = Part.dhcp(cookie: [0, 0, 0, 0], options: [UInt8](repeating: 0, count: 64))
        #expect(decode(.ethernet, Self.dhcpFrame(bootp)) == Self.dhcpExpected(nil))

        let badOperation = Part.dhcp(op: 7, options: Part.dhcpOptions(type: 1))
        #expect(decode(.ethernet, Self.dhcpFrame(badOperation)) == Self.dhcpExpected(nil))
    }

    @Test("DHCP: a bad option 53, an option past the datagram, a short message are malformed")
    func malformedDHCP() {
        let wideType = Part.dhcp(options: [0x35, 0x02, 0x01, 0x00, 0xFF])
        #expect(decode(.ethernet, Self.dhcpFrame(wideType))
                == Self.dhcpExpected(.other, .malformed))

        let overrun = Part.dhcp(options: [0x0C, 0x20, 0x6B, 0x6E])  // 32 bytes promised, 2 sent
        #expect(decode(.ethernet, Self.dhcpFrame(overrun)) == Self.dhcpExpected(.other, .malformed))

        let short = Array(Part.dhcp(options: []).prefix(100))
        #expect(decode(.ethernet, Self.dhcpFrame(short)) == Self.dhcpExpected(nil, .malformed))
    }

    @Test("DHCP cut by a 128-byte snap length: truncated, type unknown")
    func dhcpCutBySnapLength() {
        let frame = Self.dhcpFrame(Part.dhcp(options: Part.dhcpOptions(type: 1)))
        #expect(decode(.ethernet, Array(frame.prefix(128)), originalLength: frame.count)
                == Self.dhcpExpected(nil, .truncated))

        // Cut just after the cookie: DHCP, but the type was not captured.
        let afterCookie = 14 + 20 + 8 + 240
        #expect(decode(.ethernet, Array(frame.prefix(afterCookie + 1)), originalLength: frame.count)
                == Self.dhcpExpected(.other, .truncated))
    }

    @Test("DHCPv6 (UDP 546/547) is not DHCP for the counters")
    func dhcpv6IsNotCounted() {
        let solicit: [UInt8] = [
            0x01,                    // msg-type SOLICIT
            0x10, 0x20, 0x30,        // transaction ID
            0x00, 0x08, 0x00, 0x02, 0x00, 0x00,  // option elapsed time
        ]
        let frame = Part.ethernet(destination: [0x33, 0x33, 0x00, 0x01, 0x00, 0x02], type: 0x86DD)
            + Part.ipv6(nextHeader: 17,
                        payload: Part.udp(source: 546, destination: 547, payload: solicit))
        #expect(decode(.ethernet, frame)
                == expected(source: Part.clientMAC,
                            destination: mac(0x33, 0x33, 0x00, 0x01, 0x00, 0x02), isData: true))
    }

    // MARK: - IPv6

    @Test("IPv6 extension headers: hop-by-hop, destination options, first fragment, AH")
    func ipv6ExtensionHeaders() {
        let udp = Part.udp(source: 40000, destination: 53, payload: Part.dnsQuery)
        let chain: [UInt8] = [
            60, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,  // hop-by-hop → dest opts; router alert
            44, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // dest options, 16 bytes → fragment
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            51, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2A,  // fragment: offset 0, M=1 → AH
            17, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,  // AH: payload len 1 (12 bytes) → UDP
            0x00, 0x00, 0x00, 0x01,
        ]
        let frame = Part.ethernet(type: 0x86DD) + Part.ipv6(nextHeader: 0, payload: chain + udp)
        #expect(decode(.ethernet, frame) == Self.wiredQuery)

        var later = chain
        later[26] = 0x05  // offset/flags 0x0501: fragment offset 160, a non-first fragment
        let laterFrame = Part.ethernet(type: 0x86DD)
            + Part.ipv6(nextHeader: 0, payload: later + udp)
        #expect(decode(.ethernet, laterFrame)
                == expected(source: Part.clientMAC, destination: Part.routerMAC, isData: true))
    }

    @Test("IPv6: payload length past the packet or a wrong version is malformed")
    func malformedIPv6() {
        let udp = Part.udp(source: 40000, destination: 53, payload: Part.dnsQuery)
        let long = Part.ipv6(nextHeader: 17, payload: udp, payloadLength: udp.count + 1)
        #expect(decode(.ethernet, Part.ethernet(type: 0x86DD) + long).status == .malformed)

        var wrongVersion = Part.ipv6(nextHeader: 17, payload: udp)
        wrongVersion[0] = 0x40
        #expect(decode(.ethernet, Part.ethernet(type: 0x86DD) + wrongVersion).status == .malformed)

        // An extension header that runs past the payload: the transport header is outside it.
        let runaway = Part.ipv6(nextHeader: 60, payload: [17, 0x10, 0, 0, 0, 0, 0, 0] + udp)
        #expect(decode(.ethernet, Part.ethernet(type: 0x86DD) + runaway).status == .malformed)
    }

    // MARK: - Linux cooked capture

    @Test("Linux SLL: the sender's 6-byte address is the source; no destination")
    func linuxSLL() {
        let header: [UInt8] = [
            0x00, 0x04,                          // packet type: outgoing
            0x00, 0x01,                          // ARPHRD_ETHER
            0x00, 0x06,                          // address length 6
        ] + Part.client + [0x00, 0x00] + [       // address, padded to 8
            0x08, 0x00,                          // protocol: IPv4
        ]
        #expect(decode(.linuxSLL, header + Self.udpDNSQuery())
                == expected(source: Part.clientMAC, isData: true, isDNSQuery: true))

        var tunnel = header
        tunnel[5] = 0x04  // a 4-byte hardware address (e.g. an IP tunnel): no source
        #expect(decode(.linuxSLL, tunnel + Self.udpDNSQuery())
                == expected(isData: true, isDNSQuery: true))

        var llc = header
        llc[14...15] = [0x00, 0x04]  // protocol ETH_P_802_2: an LLC frame follows
        #expect(decode(.linuxSLL, llc + Part.snap(type: 0x0800) + Self.udpDNSQuery())
                == expected(source: Part.clientMAC, isData: true, isDNSQuery: true))

        #expect(decode(.linuxSLL, Array(header.prefix(15)), originalLength: 80)
                == expected(.truncated))
    }

    @Test("Linux SLL with ARPHRD_IEEE80211_RADIOTAP carries a radiotap probe request")
    func linuxSLLRadiotap() {
        let header: [UInt8] = [
            0x00, 0x00,                          // packet type: to us
            0x03, 0x23,                          // ARPHRD_IEEE80211_RADIOTAP (803)
            0x00, 0x00,                          // address length 0
            0, 0, 0, 0, 0, 0, 0, 0,              // address (unused)
            0x00, 0x19,                          // protocol ETH_P_80211_RAW
        ]
        let probe = Part.radiotap(present: [0], fields: [])
            + Part.wlan(type: 0, subtype: 4, address1: Part.broadcast, address2: Part.randomised,
                        address3: Part.broadcast)
        #expect(decode(.linuxSLL, header + probe)
                == expected(source: Part.randomisedMAC, destination: .broadcast, bssid: .broadcast,
                            isProbeRequest: true))
    }

    @Test("Linux SLL2: protocol first, address length at byte 11")
    func linuxSLL2() {
        let header: [UInt8] = [
            0x86, 0xDD,                          // protocol: IPv6
            0x00, 0x00,                          // reserved
            0x00, 0x00, 0x00, 0x03,              // interface index 3
            0x00, 0x01,                          // ARPHRD_ETHER
            0x00,                                // packet type: to us
            0x06,                                // address length 6
        ] + Part.router + [0x00, 0x00]           // address, padded to 8
        let ip = Part.ipv6(nextHeader: 17,
                           payload: Part.udp(source: 40000, destination: 53,
                                             payload: Part.dnsQuery))
        #expect(decode(.linuxSLL2, header + ip)
                == expected(source: Part.routerMAC, isData: true, isDNSQuery: true))
        #expect(decode(.linuxSLL2, Array(header.prefix(19)), originalLength: 100)
                == expected(.truncated))
    }

    // MARK: - BSD loopback and raw IP

    @Test("BSD loopback: family 2 little-endian, 24/28/30 for IPv6 in either byte order")
    func bsdLoopback() {
        let query = expected(isData: true, isDNSQuery: true)
        #expect(decode(.null, [0x02, 0x00, 0x00, 0x00] + Self.udpDNSQuery()) == query)
        #expect(decode(.null, [0x00, 0x00, 0x00, 0x02] + Self.udpDNSQuery()) == query)

        let ip6 = Part.ipv6(nextHeader: 17,
                            payload: Part.udp(source: 40000, destination: 53,
                                              payload: Part.dnsQuery))
        for family: UInt8 in [24, 28, 30] {
            #expect(decode(.null, [family, 0x00, 0x00, 0x00] + ip6) == query)  // little-endian
            #expect(decode(.null, [0x00, 0x00, 0x00, family] + ip6) == query)  // big-endian
        }
        #expect(decode(.null, [0x07, 0x00, 0x00, 0x00] + ip6) == expected(isData: true))
        #expect(decode(.null, [0x02, 0x00]) == expected(.truncated, isData: true))
    }

    @Test("raw IP picks the version from the first nibble; IPv4/IPv6 link types insist on one")
    func rawIP() {
        let query = expected(isData: true, isDNSQuery: true)
        let ip6 = Part.ipv6(nextHeader: 17,
                            payload: Part.udp(source: 40000, destination: 53,
                                              payload: Part.dnsQuery))
        #expect(decode(.raw, Self.udpDNSQuery()) == query)
        #expect(decode(.raw, ip6) == query)
        #expect(decode(.ipv4, Self.udpDNSQuery()) == query)
        #expect(decode(.ipv6, ip6) == query)
        #expect(decode(.raw, [0x55] + Array(Self.udpDNSQuery().dropFirst()))
                == expected(.malformed, isData: true))
        #expect(decode(.ipv4, ip6) == expected(.malformed, isData: true))
        #expect(decode(.ipv6, Self.udpDNSQuery()) == expected(.malformed, isData: true))
        #expect(decode(.raw, []) == expected(.truncated, isData: true))
    }

    @Test("an unknown link type is named, not decoded")
    func unknownLinkType() {
        #expect(decode(LinkType(rawValue: 147), Self.udpDNSQuery()) == expected(.unknownLinkType))
        #expect(LinkType(rawValue: 147).description == "LINKTYPE_147(147)")
    }
}

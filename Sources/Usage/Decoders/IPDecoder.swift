// IPv4, IPv6 (with its extension headers), UDP and TCP: just far enough to find the ports that
// lead to DHCP and DNS. Fragments after the first carry no transport header and are not read.

/// Network- and transport-layer decoders.
enum IPDecoder {

    /// IPv6 extension headers walked before giving up (RFC 8200 §4.1 expects a handful).
    static let maximumExtensionHeaders = 16

    /// Raw IP (LINKTYPE_RAW, 101): the version nibble says IPv4 or IPv6.
    static func ipAnyVersion(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        guard window.fits(window.start, 1, &frame) else { return }
        switch window.u8(window.start) >> 4 {
        case 4: ipv4(window, &frame)
        case 6: ipv6(window, &frame)
        default: frame.status = .malformed
        }
    }

    // MARK: - IPv4

    /// IPv4 header (RFC 791 §3.1).
    ///
    ///     0        1     2              4    6             8     9      10
    ///     | ver/IHL | TOS | total length | id | flags/frag | TTL | proto | checksum | …
    ///
    /// IHL below 5 words, or a total length shorter than the header or longer than the
    /// packet, is malformed. Only the first fragment (offset 0) carries the transport header.
    static func ipv4(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 20, &frame) else { return }
        let versionAndLength = window.u8(offset)
        let headerLength = Int(versionAndLength & 0x0F) * 4
        let totalLength = Int(window.be16(offset + 2))
        guard versionAndLength >> 4 == 4, headerLength >= 20, totalLength >= headerLength,
              offset + totalLength <= window.end else {
            frame.status = .malformed
            return
        }

        let datagram = window.declared(from: offset, length: totalLength)
        guard datagram.fits(offset, headerLength, &frame) else { return }
        let fragment = window.be16(offset + 6)
        guard fragment & 0x1FFF == 0 else { return }
        let moreFragments = fragment & 0x2000 != 0
        transport(window.u8(offset + 9), datagram.from(offset + headerLength),
                  isFirstFragment: moreFragments, &frame)
    }

    // MARK: - IPv6

    /// IPv6 header (RFC 8200 §3) and extension headers (§4): hop-by-hop (0), routing (43),
    /// fragment (44), destination options (60), AH (51, RFC 4302 §2.2), mobility (135),
    /// HIP (139), shim6 (140). A non-first fragment has no transport header.
    ///
    ///     0           4               6             7           8        24       40
    ///     | ver/TC/flow | payload length | next header | hop limit | source | dest | …
    static func ipv6(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 40, &frame) else { return }
        guard window.u8(offset) >> 4 == 6 else {
            frame.status = .malformed
            return
        }

        // A payload length of 0 announces a jumbogram (RFC 2675 §3); use the enclosing end.
        let payloadLength = Int(window.be16(offset + 4))
        let datagram: LayerWindow
        if payloadLength == 0 {
            datagram = window
        } else {
            guard offset + 40 + payloadLength <= window.end else {
                frame.status = .malformed
                return
            }
            datagram = window.declared(from: offset, length: 40 + payloadLength)
        }

        var next = window.u8(offset + 6)
        var header = offset + 40
        var isFragment = false
        for _ in 0..<maximumExtensionHeaders {
            switch next {
            case 0, 43, 60, 135, 139, 140:
                // Length in 8-octet units, not counting the first 8 (RFC 8200 §4.3).
                guard datagram.fits(header, 2, &frame) else { return }
                next = datagram.u8(header)
                header += (Int(datagram.u8(header + 1)) + 1) * 8
            case 51:
                // AH counts 4-octet units, minus 2 (RFC 4302 §2.2).
                guard datagram.fits(header, 2, &frame) else { return }
                next = datagram.u8(header)
                header += (Int(datagram.u8(header + 1)) + 2) * 4
            case 44:
                // Fragment header (RFC 8200 §4.5): next, reserved, offset/flags, id.
                guard datagram.fits(header, 8, &frame) else { return }
                next = datagram.u8(header)
                let offsetAndFlags = datagram.be16(header + 2)
                guard offsetAndFlags & 0xFFF8 == 0 else { return }
                isFragment = offsetAndFlags & 0x0001 != 0
                header += 8
            default:
                guard header <= datagram.end else {
                    frame.status = .malformed
                    return
                }
                transport(next, datagram.from(header), isFirstFragment: isFragment, &frame)
                return
            }
        }
        // TODO: more than `maximumExtensionHeaders` headers are left unread, because a chain
        // that long is an attack or a test, not a client asking for DNS or DHCP.
    }

    // MARK: - Transport

    /// UDP (17) or TCP (6) at `window.start`; other protocols are not read.
    /// `isFirstFragment`: the datagram is the first of several, so UDP's length covers more
    /// than this packet.
    static func transport(_ protocolNumber: UInt8, _ window: LayerWindow,
                          isFirstFragment: Bool, _ frame: inout DecodedFrame) {
        switch protocolNumber {
        case 17: udp(window, isFirstFragment: isFirstFragment, &frame)
        case 6: tcp(window, &frame)
        default: break
        }
    }

    /// UDP header (RFC 768): source port, destination port, length (≥ 8), checksum.
    /// Destination 53 leads to DNS; port 67 or 68 on either side to DHCP (RFC 2131 §4.1).
    /// mDNS (5353) and DHCPv6 (546/547) are deliberately not read.
    static func udp(_ window: LayerWindow, isFirstFragment: Bool, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 8, &frame) else { return }
        let sourcePort = window.be16(offset)
        let destinationPort = window.be16(offset + 2)
        let length = Int(window.be16(offset + 4))

        // Length 0 is how IPv6 jumbograms say "all of it" (RFC 2675 §4); a first fragment's
        // length covers fragments not in this packet. In both the IP layer gives the end.
        let datagram: LayerWindow
        if length == 0 {
            datagram = window
        } else if isFirstFragment {
            guard length >= 8 else {
                frame.status = .malformed
                return
            }
            datagram = window
        } else {
            guard length >= 8, offset + length <= window.end else {
                frame.status = .malformed
                return
            }
            datagram = window.declared(from: offset, length: length)
        }

        if destinationPort == 53 {
            ApplicationDecoder.dnsMessage(datagram.from(offset + 8), &frame)
        } else if sourcePort == 67 || sourcePort == 68 || destinationPort == 67
                    || destinationPort == 68 {
            ApplicationDecoder.dhcp(datagram.from(offset + 8), &frame)
        }
    }

    /// TCP header (RFC 9293 §3.1): ports, sequence, acknowledgment, data offset (≥ 5 words).
    /// Only segments to port 53 are read further: DNS over TCP (RFC 1035 §4.2.2).
    static func tcp(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 4, &frame) else { return }
        guard window.be16(offset + 2) == 53 else { return }
        guard window.fits(offset, 20, &frame) else { return }
        let headerLength = Int(window.u8(offset + 12) >> 4) * 4
        guard headerLength >= 20, offset + headerLength <= window.end else {
            frame.status = .malformed
            return
        }

        // SYNs and bare ACKs carry no message; a segment that does starts with its length.
        let payload = offset + headerLength
        guard payload < window.end else { return }
        guard window.fits(payload, 2, &frame) else { return }
        ApplicationDecoder.dnsMessage(window.from(payload + 2), &frame)
    }
}

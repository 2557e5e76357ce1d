// The two application messages the counters look into: DHCP (message type only) and DNS
// (query or response only). Names, options and answers are never read or kept.

/// DHCP and DNS decoders.
enum ApplicationDecoder {

    /// DHCP magic cookie 99.130.83.99 (RFC 2131 §3; RFC 2132 §2).
    static let dhcpMagicCookie: UInt32 = 0x6382_5363

    /// Fixed BOOTP fields before the cookie: op … file (RFC 951 §3; RFC 2131 §2, figure 1).
    static let bootpFixedLength = 236

    /// DNS header length: ID, flags, four counts (RFC 1035 §4.1.1).
    static let dnsHeaderLength = 12

    /// A DNS message header (RFC 1035 §4.1.1); QR (bit 7 of the third byte) is 0 in a query.
    ///
    ///     0    2        3        4         …   12
    ///     | ID | QR…RD  | RA…RCODE | counts … |
    static func dnsMessage(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, dnsHeaderLength, &frame) else { return }
        frame.isDNSQuery = window.u8(offset + 2) & 0x80 == 0
    }

    /// A BOOTP/DHCP message (RFC 2131 §2): op 1 (request) or 2 (reply), the fixed fields, the
    /// magic cookie, then options (RFC 2132 §2): pad (0) and end (255) are one byte, the rest
    /// code, length, value. Option 53 (RFC 2132 §9.6) gives the message type: 1 DHCPDISCOVER,
    /// 3 DHCPREQUEST; others count as `.other`. BOOTP without the cookie is not DHCP.
    ///
    /// A message with the cookie is DHCP even when option 53 cannot be read; `dhcp` is then
    /// `.other` and `status` says why.
    static func dhcp(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, bootpFixedLength + 4, &frame) else { return }
        let operation = window.u8(offset)
        guard operation == 1 || operation == 2,
              window.be32(offset + bootpFixedLength) == dhcpMagicCookie else { return }
        frame.dhcp = .other

        // Every pass moves at least one byte forward, so the walk ends within the datagram.
        // TODO: option overload (52, RFC 2132 §9.3) can move option 53 into `sname`/`file`;
        // not followed, because no client seen in the corpus or the field does it.
        var option = offset + bootpFixedLength + 4
        while option < window.end {
            guard window.fits(option, 1, &frame) else { return }
            let code = window.u8(option)
            if code == 0 {
                option += 1
                continue
            }
            if code == 255 { return }

            guard window.fits(option, 2, &frame) else { return }
            let length = Int(window.u8(option + 1))
            if code == 53 {
                guard length == 1 else {
                    frame.status = .malformed
                    return
                }
                guard window.fits(option + 2, 1, &frame) else { return }
                switch window.u8(option + 2) {
                case 1: frame.dhcp = .discover
                case 3: frame.dhcp = .request
                default: frame.dhcp = .other
                }
                return
            }
            option += 2 + length
        }
        if option > window.end && window.endIsDeclared {
            // The last option promised more bytes than the datagram holds.
            frame.status = .malformed
        }
    }
}

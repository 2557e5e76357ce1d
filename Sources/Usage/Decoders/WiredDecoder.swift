// Wired and pseudo link layers: Ethernet II / 802.3 with stacked VLAN tags, Linux cooked
// capture v1 and v2, BSD loopback; and the EtherType dispatch they share with 802.11 LLC/SNAP.

/// Link-layer decoders for wired captures.
enum WiredDecoder {

    /// VLAN tags followed before the frame counts as malformed; real networks stack two.
    static let maximumVLANTags = 8

    // MARK: - Ethernet

    /// Ethernet II or IEEE 802.3 frame (IEEE 802.3-2018 §3.2.3–3.2.6): destination, source,
    /// then an EtherType (≥ 0x0600) or an 802.3 length (≤ 0x05DC) followed by LLC.
    ///
    ///     0      6      12          14
    ///     | dst  | src  | type/len  | payload …
    static func ethernet(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        frame.isData = true
        let offset = window.start
        guard window.fits(offset, 14, &frame) else { return }
        frame.destination = window.mac(offset)
        frame.source = window.mac(offset + 6)

        let typeOrLength = window.be16(offset + 12)
        if typeOrLength <= 0x05DC {
            // 802.3 length: the LLC payload is that long; any rest is padding.
            let length = Int(typeOrLength)
            guard offset + 14 + length <= window.end else {
                frame.status = .malformed
                return
            }
            logicalLinkControl(window.declared(from: offset + 14, length: length), &frame)
        } else if typeOrLength >= 0x0600 {
            etherType(typeOrLength, window.from(offset + 14), &frame)
        }
        // 0x05DD–0x05FF is neither a length nor a type (IEEE 802.3 §3.2.6): nothing to read.
    }

    /// Follows an EtherType through stacked VLAN tags and a PPPoE session header into IP.
    ///
    /// Tags: C-tag 0x8100 (IEEE 802.1Q-2018 §9.6), S-tag 0x88A8 (802.1Q §9.5, formerly
    /// 802.1ad), and the pre-standard QinQ types 0x9100 / 0x9200. Each is 4 bytes: TCI, then
    /// the next EtherType. PPPoE session (RFC 2516 §4, EtherType 0x8864) carries a PPP
    /// protocol number (RFC 1661 §2): 0x0021 IPv4, 0x0057 IPv6.
    static func etherType(_ type: UInt16, _ window: LayerWindow, _ frame: inout DecodedFrame) {
        var type = type
        var offset = window.start
        var tags = 0
        while type == 0x8100 || type == 0x88A8 || type == 0x9100 || type == 0x9200 {
            tags += 1
            guard tags <= maximumVLANTags else {
                frame.status = .malformed
                return
            }
            guard window.fits(offset, 4, &frame) else { return }
            type = window.be16(offset + 2)
            offset += 4
        }

        switch type {
        case 0x0800:
            IPDecoder.ipv4(window.from(offset), &frame)
        case 0x86DD:
            IPDecoder.ipv6(window.from(offset), &frame)
        case 0x8864:
            pppoeSession(window.from(offset), &frame)
        default:
            break  // ARP, EAPOL, LLDP, …: nothing the counters read.
        }
    }

    /// PPPoE session stage (RFC 2516 §4): VER/TYPE, CODE, SESSION_ID, LENGTH, then PPP.
    static func pppoeSession(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 8, &frame) else { return }
        guard window.u8(offset) == 0x11, window.u8(offset + 1) == 0x00 else { return }
        let length = Int(window.be16(offset + 4))
        guard length >= 2, offset + 6 + length <= window.end else {
            frame.status = .malformed
            return
        }
        let session = window.declared(from: offset + 6, length: length)
        switch window.be16(offset + 6) {
        case 0x0021: IPDecoder.ipv4(session.from(offset + 8), &frame)
        case 0x0057: IPDecoder.ipv6(session.from(offset + 8), &frame)
        default: break
        }
    }

    /// IEEE 802.2 LLC with a SNAP header (IEEE Std 802-2014 §10.3; RFC 1042 encapsulation):
    /// DSAP 0xAA, SSAP 0xAA, control 0x03, OUI, EtherType. OUI 00-00-00 (RFC 1042) and
    /// 00-00-F8 (802.1H bridge tunnel) carry EtherTypes; other LLC payloads are not read.
    static func logicalLinkControl(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 3, &frame) else { return }
        guard window.u8(offset) == 0xAA, window.u8(offset + 1) == 0xAA,
              window.u8(offset + 2) == 0x03 else { return }
        guard window.fits(offset, 8, &frame) else { return }
        let ouiHigh = window.be16(offset + 3)
        let ouiLow = window.u8(offset + 5)
        guard ouiHigh == 0, ouiLow == 0x00 || ouiLow == 0xF8 else { return }
        etherType(window.be16(offset + 6), window.from(offset + 8), &frame)
    }

    // MARK: - Linux cooked capture

    /// LINKTYPE_LINUX_SLL (113), https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html
    ///
    ///     0        2         4          6          14
    ///     | pkttype | ARPHRD | addr len | addr (8) | protocol | payload …
    ///
    /// Only the sender's address is recorded; it is the source when it is 6 bytes long.
    static func linuxSLL(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 16, &frame) else { return }
        if window.be16(offset + 4) == 6 { frame.source = window.mac(offset + 6) }
        cookedPayload(arphrd: window.be16(offset + 2), protocolType: window.be16(offset + 14),
                      window.from(offset + 16), &frame)
    }

    /// LINKTYPE_LINUX_SLL2 (276), https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html
    ///
    ///     0          2          4           8        10        11         12         20
    ///     | protocol | reserved | if index  | ARPHRD | pkttype | addr len | addr (8) | …
    static func linuxSLL2(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 20, &frame) else { return }
        if window.u8(offset + 11) == 6 { frame.source = window.mac(offset + 12) }
        cookedPayload(arphrd: window.be16(offset + 8), protocolType: window.be16(offset + 0),
                      window.from(offset + 20), &frame)
    }

    /// What follows a cooked header: by ARPHRD type for Wi-Fi monitor interfaces captured with
    /// `-i any` (801 802.11, 802 Prism, 803 radiotap), else by the protocol field, which is an
    /// EtherType or one of Linux's `ETH_P_*` pseudo-types (0x0004 = 802.2 LLC frames).
    static func cookedPayload(arphrd: UInt16, protocolType: UInt16, _ window: LayerWindow,
                              _ frame: inout DecodedFrame) {
        switch arphrd {
        case 801:
            IEEE80211Decoder.frame(window, dataPadding: false, &frame)
        case 802:
            RadiotapDecoder.prism(window, &frame)
        case 803:
            RadiotapDecoder.radiotap(window, &frame)
        default:
            frame.isData = true
            if protocolType >= 0x0600 {
                etherType(protocolType, window, &frame)
            } else if protocolType == 0x0004 {
                logicalLinkControl(window, &frame)
            }
        }
    }

    // MARK: - BSD loopback

    /// LINKTYPE_NULL (0), https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html: a 4-byte
    /// address family in the capturing host's byte order. IPv4 is 2; IPv6 is 24 (NetBSD,
    /// OpenBSD, BSD/OS), 28 (FreeBSD) or 30 (Darwin).
    static func bsdLoopback(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        frame.isData = true
        let offset = window.start
        guard window.fits(offset, 4, &frame) else { return }

        // Families are small: a value with its low half clear was written big-endian.
        let littleEndian = window.le32(offset)
        let family = littleEndian <= 0xFFFF ? littleEndian : littleEndian.byteSwapped
        switch family {
        case 2: IPDecoder.ipv4(window.from(offset + 4), &frame)
        case 24, 28, 30: IPDecoder.ipv6(window.from(offset + 4), &frame)
        default: break
        }
    }
}

// IEEE 802.11 MAC frames (IEEE Std 802.11-2020, clause 9): frame control, the addresses chosen
// by To DS / From DS, the QoS and HT Control fields that lengthen the header, and LLC/SNAP into
// IP for unprotected data. Frame bodies of management frames are never read.

/// The 802.11 MAC header decoder, shared by raw 802.11, radiotap, Prism/AVS and cooked captures.
enum IEEE80211Decoder {

    /// Frame Control (§9.2.4.1) flag bits, in its second octet.
    static let toDS: UInt8 = 0x01
    static let fromDS: UInt8 = 0x02
    static let protectedFrame: UInt8 = 0x40
    /// +HTC/Order (§9.2.4.1.10): an HT Control field follows QoS Control or Sequence Control.
    static let order: UInt8 = 0x80

    /// Decodes one 802.11 frame; `window` ends before any FCS. Records the To DS / From DS
    /// bits (§9.2.4.1.4) in `distributionSystem` for every frame whose frame control was read.
    ///
    /// `dataPadding`: radiotap's Flags said the body starts at the next 4-byte boundary after
    /// the header (radiotap Flags 0x20).
    ///
    ///     0    2          4       10      16      22         24        30     32      36
    ///     | FC | duration | addr1 | addr2 | addr3 | seq ctl | [addr4] | [QoS] | [HTC] | body
    static func frame(_ window: LayerWindow, dataPadding: Bool, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 2, &frame) else { return }
        let control = window.u8(offset)
        let flags = window.u8(offset + 1)

        // Protocol version 0 is the only one with this format (§9.2.4.1.2); PV1 (S1G, §9.8)
        // frames are rare enough that a nonzero version here is almost always a bad frame.
        guard control & 0x03 == 0 else {
            frame.status = .malformed
            return
        }

        frame.distributionSystem = flags & (toDS | fromDS)
        let subtype = control >> 4
        switch (control >> 2) & 0x03 {
        case 0: management(window, subtype: subtype, &frame)
        case 1: controlFrame(window, subtype: subtype, &frame)
        case 2: data(window, subtype: subtype, flags: flags, dataPadding: dataPadding, &frame)
        default: break  // Extension frames (type 3, e.g. DMG beacons, §9.3.4): nothing to count.
        }
    }

    /// Management frame (§9.3.3.1): addr1 DA, addr2 SA, addr3 BSSID. Probe request is
    /// subtype 4 (Table 9-1). An HT Control field (Order bit) only lengthens the header before
    /// the body, which is not read.
    static func management(_ window: LayerWindow, subtype: UInt8, _ frame: inout DecodedFrame) {
        let offset = window.start
        guard window.fits(offset, 24, &frame) else { return }
        frame.destination = window.mac(offset + 4)
        frame.source = window.mac(offset + 10)
        frame.bssid = window.mac(offset + 16)
        frame.isProbeRequest = subtype == 4
    }

    /// Control frame (§9.3.1): addr1 is the receiver (RA). ACK (13), CTS (12), Control Wrapper
    /// (7) and Control Frame Extension (6) carry no second address; the rest name the
    /// transmitter (TA) in addr2, recorded as the source.
    static func controlFrame(_ window: LayerWindow, subtype: UInt8, _ frame: inout DecodedFrame) {
        let offset = window.start
        switch subtype {
        case 6, 7, 12, 13:
            guard window.fits(offset, 10, &frame) else { return }
            frame.destination = window.mac(offset + 4)
        default:
            guard window.fits(offset, 16, &frame) else { return }
            frame.destination = window.mac(offset + 4)
            frame.source = window.mac(offset + 10)
        }
    }

    /// Data frame (§9.3.2.1). Addresses by To DS / From DS (§9.3.2.1, address field table):
    ///
    ///     To From | addr1    addr2    addr3    addr4
    ///      0   0  | DA       SA       BSSID    –
    ///      0   1  | DA       BSSID    SA       –
    ///      1   0  | BSSID    SA       DA       –
    ///      1   1  | RA       TA       DA       SA
    ///
    /// QoS subtypes (bit 3 of the subtype) add QoS Control (2 bytes, §9.2.4.5); with the Order
    /// bit set they also add HT Control (4 bytes, §9.2.4.6). Subtypes with bit 2 set carry no
    /// body (Null, QoS Null). Protected bodies are encrypted and not read; an A-MSDU (QoS
    /// Control bit 7) is read through its first subframe header (§9.3.2.2).
    static func data(_ window: LayerWindow, subtype: UInt8, flags: UInt8, dataPadding: Bool,
                     _ frame: inout DecodedFrame) {
        frame.isData = true
        let offset = window.start
        guard window.fits(offset, 24, &frame) else { return }
        let address1 = window.mac(offset + 4)
        let address2 = window.mac(offset + 10)
        let address3 = window.mac(offset + 16)
        var headerLength = 24
        switch flags & (toDS | fromDS) {
        case 0:
            frame.destination = address1
            frame.source = address2
            frame.bssid = address3
        case fromDS:
            frame.destination = address1
            frame.bssid = address2
            frame.source = address3
        case toDS:
            frame.bssid = address1
            frame.source = address2
            frame.destination = address3
        default:
            guard window.fits(offset, 30, &frame) else { return }
            frame.destination = address3
            frame.source = window.mac(offset + 24)
            headerLength = 30
        }

        var isAggregate = false
        if subtype & 0x08 != 0 {
            guard window.fits(offset + headerLength, 2, &frame) else { return }
            isAggregate = window.u8(offset + headerLength) & 0x80 != 0
            headerLength += 2
            if flags & order != 0 { headerLength += 4 }
        }
        guard window.fits(offset, headerLength, &frame) else { return }
        guard flags & protectedFrame == 0, subtype & 0x04 == 0 else { return }

        var body = offset + headerLength
        if dataPadding { body = offset + (headerLength + 3) & ~3 }
        guard body < window.end else { return }
        if isAggregate {
            // A-MSDU subframe header: DA, SA, length (§9.3.2.2.2), then the LLC/SNAP MSDU.
            guard window.fits(body, 14, &frame) else { return }
            body += 14
        }
        WiredDecoder.logicalLinkControl(window.from(body), &frame)
    }
}

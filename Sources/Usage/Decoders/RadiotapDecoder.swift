// Capture headers that wrap 802.11 frames in monitor mode: radiotap (https://www.radiotap.org)
// and the older Prism / AVS headers. From radiotap only the Flags field is needed: it says
// whether the frame ends in an FCS, whether the body is padded, and whether the FCS was bad.

/// Radiotap and Prism/AVS header decoders.
enum RadiotapDecoder {

    /// Radiotap Flags field bits (https://www.radiotap.org/fields/Flags).
    static let flagFCSAtEnd: UInt8 = 0x10
    static let flagDataPadding: UInt8 = 0x20
    static let flagBadFCS: UInt8 = 0x40

    /// Present-word bit 31: another present word follows (https://www.radiotap.org, "it_present").
    static let presentExtended: UInt32 = 0x8000_0000
    /// Present bits of the fields before and including Flags: TSFT (0, u64, 8-aligned) and
    /// Flags (1, u8) (https://www.radiotap.org/fields/defined).
    static let presentTSFT: UInt32 = 0x0000_0001
    static let presentFlags: UInt32 = 0x0000_0002

    /// LINKTYPE_IEEE802_11_RADIOTAP (127). The header (all little-endian):
    ///
    ///     0         1     2        4               8 (or after the last extended word)
    ///     | version | pad | it_len | it_present …  | fields, each aligned to its size | 802.11
    ///
    /// Present words chain while bit 31 is set, in the radiotap namespace and in vendor
    /// namespaces alike; fields follow the last word, aligned relative to the header's start.
    /// Version ≠ 0, it_len < 8, words or Flags beyond it_len, or it_len beyond the packet is
    /// malformed, and so is a frame the radio marked with a bad FCS.
    static func radiotap(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let header = window.start
        guard window.fits(header, 8, &frame) else { return }
        let length = Int(window.le16(header + 2))
        guard window.u8(header) == 0, length >= 8, header + length <= window.end else {
            frame.status = .malformed
            return
        }
        let fields = window.declared(from: header, length: length)

        // Walk the chain of present words to find where the fields start.
        let firstPresent = fields.le32(header + 4)
        var present = firstPresent
        var word = header + 4
        while present & presentExtended != 0 {
            word += 4
            guard fields.fits(word, 4, &frame) else { return }
            present = fields.le32(word)
        }

        var flags: UInt8 = 0
        if firstPresent & presentFlags != 0 {
            var field = word + 4
            if firstPresent & presentTSFT != 0 {
                field = header + ((field - header + 7) & ~7) + 8
            }
            guard fields.fits(field, 1, &frame) else { return }
            flags = fields.u8(field)
        }
        guard flags & flagBadFCS == 0 else {
            frame.status = .malformed
            return
        }

        // The FCS is the last 4 bytes on the wire, whether or not the capture kept them.
        var end = window.end
        if flags & flagFCSAtEnd != 0 {
            guard end - (header + length) >= 4 else {
                frame.status = .malformed
                return
            }
            end -= 4
        }
        let frameWindow = LayerWindow(bytes: window.bytes, start: header + length, end: end,
                                      endIsDeclared: window.endIsDeclared)
        IEEE80211Decoder.frame(frameWindow, dataPadding: flags & flagDataPadding != 0, &frame)
    }

    /// LINKTYPE_PRISM_HEADER (119): a Prism monitor header, or an AVS header when the first
    /// word is the AVS magic 0x8021100x
    /// (https://www.tcpdump.org/linktypes/LINKTYPE_IEEE802_11_AVS.html, big-endian length at
    /// offset 4). The Prism header (linux-wlan-ng `p80211msg_lnxind_wlansniffrm`) is
    /// msgcode, msglen, device name, then items; msglen is in the capturing host's byte
    /// order, normally 144.
    static func prism(_ window: LayerWindow, _ frame: inout DecodedFrame) {
        let header = window.start
        guard window.fits(header, 8, &frame) else { return }
        let length: Int
        if window.be32(header) & 0xFFFF_FFF0 == 0x8021_1000 {
            length = Int(window.be32(header + 4))
        } else {
            // Byte order unknown: take the reading that fits the packet, little-endian first.
            let littleEndian = Int(window.le32(header + 4))
            let bigEndian = Int(window.be32(header + 4))
            length = littleEndian >= 8 && header + littleEndian <= window.end
                ? littleEndian : bigEndian
        }
        guard length >= 8, header + length <= window.end else {
            frame.status = .malformed
            return
        }
        IEEE80211Decoder.frame(window.from(header + length), dataPadding: false, &frame)
    }
}

// The decoders' entry point: pick the link layer by the capture's link type, then read only what
// the counters need (addresses, 802.11 probe requests, DHCP message type, DNS queries).
// Nothing here allocates; every read goes through `LayerWindow`'s bounds checks.

/// Decodes captured packets into `DecodedFrame`s.
///
/// A packet that ends inside a header it needs is `.truncated`; one whose length fields
/// contradict each other or the packet's length is `.malformed`. The fields read before the
/// problem are kept (an Ethernet frame cut inside its IPv4 header still has its addresses).
public enum FrameDecoder {

    /// Decodes one packet: link layer by `packet.linkType`, then what the counters need.
    ///
    /// `packet.originalLength` tells a capture cut by the snap length (`.truncated`) from a
    /// length field that promises more than the packet held (`.malformed`).
    /// Never traps on any input; never allocates.
    public static func decode(_ packet: PacketView) -> DecodedFrame {
        decode(linkType: packet.linkType, bytes: packet.bytes,
               wireLength: max(packet.originalLength, packet.bytes.count))
    }

    /// Decodes `bytes` as one whole packet of `linkType` (its wire length is `bytes.count`).
    /// Never traps on any input; never allocates.
    public static func decode(linkType: LinkType, bytes: UnsafeRawBufferPointer) -> DecodedFrame {
        decode(linkType: linkType, bytes: bytes, wireLength: bytes.count)
    }

    /// Decodes `bytes`, the first `bytes.count` of a packet that was `wireLength` long.
    static func decode(linkType: LinkType, bytes: UnsafeRawBufferPointer,
                       wireLength: Int) -> DecodedFrame {
        var frame = DecodedFrame()
        decode(linkType: linkType, bytes: bytes, wireLength: wireLength, into: &frame)
        return frame
    }

    /// Decodes `packet` into `frame`, which must be fresh (`DecodedFrame()`): for a caller that
    /// keeps frames in place, so no frame is copied.
    static func decode(_ packet: PacketView, into frame: inout DecodedFrame) {
        decode(linkType: packet.linkType, bytes: packet.bytes,
               wireLength: max(packet.originalLength, packet.bytes.count), into: &frame)
    }

    @inline(__always)
    static func decode(linkType: LinkType, bytes: UnsafeRawBufferPointer, wireLength: Int,
                       into frame: inout DecodedFrame) {
        let window = LayerWindow(bytes: bytes, start: 0, end: max(wireLength, bytes.count),
                                 endIsDeclared: false)
        switch linkType.rawValue {
        case LinkType.ethernet.rawValue:
            WiredDecoder.ethernet(window, &frame)
        case LinkType.linuxSLL.rawValue:
            WiredDecoder.linuxSLL(window, &frame)
        case LinkType.linuxSLL2.rawValue:
            WiredDecoder.linuxSLL2(window, &frame)
        case LinkType.null.rawValue:
            WiredDecoder.bsdLoopback(window, &frame)
        case LinkType.raw.rawValue:
            frame.isData = true
            IPDecoder.ipAnyVersion(window, &frame)
        case LinkType.ipv4.rawValue:
            frame.isData = true
            IPDecoder.ipv4(window, &frame)
        case LinkType.ipv6.rawValue:
            frame.isData = true
            IPDecoder.ipv6(window, &frame)
        case LinkType.ieee80211.rawValue:
            IEEE80211Decoder.frame(window, dataPadding: false, &frame)
        case LinkType.radiotap.rawValue:
            RadiotapDecoder.radiotap(window, &frame)
        case LinkType.prism.rawValue:
            RadiotapDecoder.prism(window, &frame)
        default:
            frame.status = .unknownLinkType
        }
    }
}

// The values every part of Usage shares: a packet as a source hands it out, and a frame as the
// decoders read it. Both are small value types; the packet's bytes are borrowed, never copied.

/// A link-layer header type (a pcap `LINKTYPE_*` / `DLT_*` value).
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let null = LinkType(rawValue: 0)              // BSD loopback
    public static let ethernet = LinkType(rawValue: 1)
    public static let raw = LinkType(rawValue: 101)             // raw IPv4/IPv6
    public static let ieee80211 = LinkType(rawValue: 105)
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let prism = LinkType(rawValue: 119)
    public static let radiotap = LinkType(rawValue: 127)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// The libpcap name, e.g. `EN10MB`, `IEEE802_11_RADIO`, or `LINKTYPE_n` when unknown.
    public var name: String {
        switch rawValue {
        case 0: "NULL"
        case 1: "EN10MB"
        case 101: "RAW"
        case 105: "IEEE802_11"
        case 113: "LINUX_SLL"
        case 119: "PRISM_HEADER"
        case 127: "IEEE802_11_RADIO"
        case 228: "IPV4"
        case 229: "IPV6"
        case 276: "LINUX_SLL2"
        default: "LINKTYPE_\(rawValue)"
        }
    }

    public var description: String { "\(name)(\(rawValue))" }
}

/// One captured packet, lent to a callback: `bytes` is valid only during the call.
public struct PacketView {
    /// Capture time in nanoseconds since 1970 (UTC).
    public let timestampNanoseconds: Int64
    public let linkType: LinkType
    /// The length on the wire; `bytes.count` is what was captured (the snap length may cut it).
    public let originalLength: Int
    public let bytes: UnsafeRawBufferPointer

    public init(timestampNanoseconds: Int64, linkType: LinkType, originalLength: Int,
                bytes: UnsafeRawBufferPointer) {
        self.timestampNanoseconds = timestampNanoseconds
        self.linkType = linkType
        self.originalLength = originalLength
        self.bytes = bytes
    }
}

/// A 48-bit MAC address packed in an integer: cheap to copy, hash and compare, no allocation.
public struct MAC48: Hashable, Sendable, Comparable {
    public let value: UInt64

    public init(value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    /// Reads 6 bytes at `offset`; the caller has checked the bounds (outside them, a trap).
    @inlinable @inline(__always)
    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && offset + 6 <= bytes.count, "a MAC address is 6 bytes")
        // Two loads (4 + 2 bytes, network order) instead of six: this runs twice per packet.
        let high = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        let low = UInt16(
            bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self))
        self.value = UInt64(high) << 16 | UInt64(low)
    }

    public var bytes: [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: value >> (40 - 8 * $0)) } }
    /// Group (multicast or broadcast) address: bit 0 of the first octet.
    public var isGroup: Bool { value >> 40 & 0x01 != 0 }
    /// Locally administered (often randomised): bit 1 of the first octet.
    public var isLocallyAdministered: Bool { value >> 40 & 0x02 != 0 }
    public static let broadcast = MAC48(value: 0xFFFF_FFFF_FFFF)

    public static func < (a: MAC48, b: MAC48) -> Bool { a.value < b.value }
}

/// What the decoders read from one packet: only what the counters need.
public struct DecodedFrame: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case ok
        /// A header contradicts itself or the lengths (counted as malformed).
        case malformed
        /// The capture ends inside a header that was needed (counted as truncated).
        case truncated
        /// A link type the decoders do not know; counted and named, not fatal.
        case unknownLinkType
    }

    public enum DHCP: Sendable, Equatable { case discover, request, other }

    public var status: Status = .ok
    /// Link-layer source and destination (802.11: SA and DA chosen by ToDS/FromDS).
    public var source: MAC48?
    public var destination: MAC48?
    /// 802.11 BSSID, when the frame names one.
    public var bssid: MAC48?
    /// 802.11 data frame, or any frame of a wired link type carrying a payload.
    public var isData = false
    public var isProbeRequest = false
    public var dhcp: DHCP?
    /// A DNS query (UDP or TCP to port 53; mDNS on 5353 is not DNS here).
    public var isDNSQuery = false
    /// 802.11 frame control ToDS (bit 0) and FromDS (bit 1); 0 for wired frames. Tells the
    /// direction of a data frame: 1 client to AP (up), 2 AP to client (down).
    public var distributionSystem: UInt8 = 0

    public init() {}
}

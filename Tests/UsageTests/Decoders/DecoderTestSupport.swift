// Shared helpers for the decoder tests: decode a byte array, and tally a file's frames into
// the totals the corpus manifest and the counters speak of.

import Usage

/// Decodes `bytes` as a whole packet of `linkType`.
func decode(_ linkType: LinkType, _ bytes: [UInt8]) -> DecodedFrame {
    bytes.withUnsafeBytes { FrameDecoder.decode(linkType: linkType, bytes: $0) }
}

/// Decodes `bytes` as the first `bytes.count` bytes of a packet `originalLength` long.
func decode(_ linkType: LinkType, _ bytes: [UInt8], originalLength: Int) -> DecodedFrame {
    bytes.withUnsafeBytes {
        FrameDecoder.decode(PacketView(timestampNanoseconds: 0, linkType: linkType,
                                       originalLength: originalLength, bytes: $0))
    }
}

/// A MAC from its six octets, for readable expectations.
func mac(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8, _ f: UInt8) -> MAC48 {
    MAC48(value: UInt64(a) << 40 | UInt64(b) << 32 | UInt64(c) << 24 | UInt64(d) << 16
          | UInt64(e) << 8 | UInt64(f))
}

/// What one capture file decodes to, summed over its packets.
struct DecodeTotals: Equatable, CustomStringConvertible {
    var packets = 0
    var malformed = 0
    var truncated = 0
    var unknownLinkType = 0
    var data = 0
    var probeRequests = 0
    var probeSources = 0
    var probeSourcesLocal = 0
    var dnsQueries = 0
    var dhcpDiscovers = 0
    var dhcpRequests = 0
    var dhcpOther = 0

    init(packets: Int = 0, malformed: Int = 0, truncated: Int = 0, unknownLinkType: Int = 0,
         data: Int = 0, probeRequests: Int = 0, probeSources: Int = 0,
         probeSourcesLocal: Int = 0, dnsQueries: Int = 0, dhcpDiscovers: Int = 0,
         dhcpRequests: Int = 0, dhcpOther: Int = 0) {
        self.packets = packets
        self.malformed = malformed
        self.truncated = truncated
        self.unknownLinkType = unknownLinkType
        self.data = data
        self.probeRequests = probeRequests
        self.probeSources = probeSources
        self.probeSourcesLocal = probeSourcesLocal
        self.dnsQueries = dnsQueries
        self.dhcpDiscovers = dhcpDiscovers
        self.dhcpRequests = dhcpRequests
        self.dhcpOther = dhcpOther
    }

    init(_ frames: [DecodedFrame]) {
        var sources = Set<MAC48>()
        for frame in frames {
            packets += 1
            switch frame.status {
            case .ok: break
            case .malformed: malformed += 1
            case .truncated: truncated += 1
            case .unknownLinkType: unknownLinkType += 1
            }
            if frame.isData { data += 1 }
            if frame.isProbeRequest {
                probeRequests += 1
                if let source = frame.source { sources.insert(source) }
            }
            if frame.isDNSQuery { dnsQueries += 1 }
            switch frame.dhcp {
            case .discover: dhcpDiscovers += 1
            case .request: dhcpRequests += 1
            case .other: dhcpOther += 1
            case nil: break
            }
        }
        probeSources = sources.count
        probeSourcesLocal = sources.filter(\.isLocallyAdministered).count
    }

    var description: String {
        "packets=\(packets) malformed=\(malformed) truncated=\(truncated) "
            + "unknown=\(unknownLinkType) data=\(data) probes=\(probeRequests) "
            + "probeSources=\(probeSources) local=\(probeSourcesLocal) dns=\(dnsQueries) "
            + "dhcp=\(dhcpDiscovers)/\(dhcpRequests)/\(dhcpOther)"
    }
}

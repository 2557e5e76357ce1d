// What a packet source tells its caller besides the packets: a report when it finishes, or an
// error naming the input and the problem when it cannot read it.

/// What a source read, for the summary line and the warnings.
public struct SourceReport: Sendable, Equatable {
    /// The file name, interface, or `AP:iface`.
    public var name: String
    /// `pcap`, `pcap (nanosecond)`, `pcap (swapped)`, `pcap (swapped, nanosecond)`, `pcapng`,
    /// `live` or `stream`.
    public var format: String
    /// Packets handed to the callback.
    public var packets: Int
    /// Packets per link type.
    public var linkTypes: [LinkType: Int]
    /// One plain sentence each, starting with the name, e.g.
    /// `FILE: cut off inside packet 1234 (its record starts at byte 56789; the file ends at
    /// byte 56800); the 1233 whole packets before it were read`.
    public var warnings: [String]
    /// The input ended inside a record (or inside the file header): what came before was read.
    public var truncatedFile: Bool

    public init(name: String, format: String, packets: Int = 0, linkTypes: [LinkType: Int] = [:],
                warnings: [String] = [], truncatedFile: Bool = false) {
        self.name = name
        self.format = format
        self.packets = packets
        self.linkTypes = linkTypes
        self.warnings = warnings
        self.truncatedFile = truncatedFile
    }
}

/// Why a source could not be read: a kind to match in `catch`, and one sentence for people.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No such file or interface.
        case notFound
        /// The input exists but reading it failed (I/O error, directory, libpcap failure).
        case unreadable
        /// Neither pcap nor pcapng magic.
        case unknownFormat
        /// A pcap or pcapng version this reader does not know.
        case unsupportedVersion
        /// A header or block contradicts itself or the file.
        case inconsistent
        /// Capture is not permitted (needs root or `CAP_NET_RAW`).
        case permission
        /// The interface exists but cannot capture now (down, or a bad filter).
        case unavailable
    }

    public let kind: Kind
    /// One sentence naming the input and the problem.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

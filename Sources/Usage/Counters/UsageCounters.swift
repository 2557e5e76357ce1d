import Privacy

/// The counters of one window, for one access point (or one source).
public struct UsageCounters: Sendable, Equatable, Codable {
    public var packets = 0
    /// Bytes on the wire (original lengths, not captured lengths).
    public var bytes = 0
    /// Client to AP.
    public var bytesUp = 0
    /// AP to client.
    public var bytesDown = 0
    /// Neither end known as the AP.
    public var bytesUnclassified = 0
    /// Distinct client devices (by pseudonym) in the window.
    public var clients = 0
    public var probeRequests = 0
    /// Distinct probe source addresses: all, and split by the locally-administered bit.
    public var probeSources = 0
    public var probeSourcesGlobal = 0
    public var probeSourcesLocal = 0
    public var dhcpDiscovers = 0
    public var dhcpRequests = 0
    public var dnsQueries = 0
    public var malformed = 0
    public var truncated = 0
    public var unknownLinkType = 0

    public init() {}

    /// Unserved demand as a range of devices: globally unique probe sources are the low
    /// anchor; all distinct sources (randomised ones change per scan) the high bound.
    public var probeDemand: ClosedRange<Int> { probeSourcesGlobal...max(probeSourcesGlobal, probeSources) }
}

/// One window's counters and the pseudonyms behind its distinct counts.
public struct UsageWindow: Sendable, Equatable {
    /// Start of the window, seconds since 1970 UTC, aligned to the clock (a multiple of `seconds`).
    public let start: Int64
    public let seconds: Int
    public var counters = UsageCounters()
    /// The window's client devices, as pseudonyms under the day's key.
    public var clientPseudonyms: Set<Pseudonym> = []
    /// The UTC day (`YYYY-MM-DD`) the window's pseudonyms belong to.
    public var day: String

    public init(start: Int64, seconds: Int, day: String) {
        self.start = start
        self.seconds = seconds
        self.day = day
    }
}

/// Counts decoded packets into clock-aligned windows, keeping only counters and pseudonyms.
///
/// Each device's pseudonym is computed once per window (the cache is dropped when the window
/// closes), never per packet. Not thread-safe: one sampler per source.
public struct UsageSampler {
    public let windowSeconds: Int
    /// The AP's own MAC addresses (from the inventory), for the direction split.
    public let accessPointMACs: Set<MAC48>
    /// The key of a UTC day, made on demand by the caller (see Fleet's PseudonymKeyStore).
    let keyForDay: (String) throws -> PseudonymKey

    private var windows: [Int64: WindowState] = [:]
    private var finished: [UsageWindow] = []
    /// Packets per link type seen, for the summary.
    public private(set) var linkTypes: [LinkType: Int] = [:]

    struct WindowState {
        var window: UsageWindow
        var pseudonymizer: Pseudonymizer
        var clients: Set<MAC48> = []
        var probeSources: Set<MAC48> = []
    }

    public init(
        windowSeconds: Int = 300, accessPointMACs: Set<MAC48> = [],
        keyForDay: @escaping (String) throws -> PseudonymKey
    ) {
        precondition(windowSeconds > 0, "a window lasts at least a second")
        self.windowSeconds = windowSeconds
        self.accessPointMACs = accessPointMACs
        self.keyForDay = keyForDay
    }

    /// Decodes and counts one packet.
    public mutating func add(_ packet: PacketView) throws {
        let frame = FrameDecoder.decode(packet)
        try add(frame, timestampNanoseconds: packet.timestampNanoseconds,
                wireLength: packet.originalLength, linkType: packet.linkType)
    }

    /// Counts one decoded frame (separate from decoding for tests and the benchmark).
    public mutating func add(
        _ frame: DecodedFrame, timestampNanoseconds: Int64, wireLength: Int, linkType: LinkType
    ) throws {
        linkTypes[linkType, default: 0] += 1
        let seconds = Int64(windowSeconds)
        let second = timestampNanoseconds >= 0
            ? timestampNanoseconds / 1_000_000_000 : (timestampNanoseconds + 1) / 1_000_000_000 - 1
        let start = second >= 0 ? second / seconds * seconds : ((second + 1) / seconds - 1) * seconds
        if windows[start] == nil {
            let day = Self.day(ofSecond: start)
            windows[start] = WindowState(
                window: UsageWindow(start: start, seconds: windowSeconds, day: day),
                pseudonymizer: Pseudonymizer(key: try keyForDay(day)))
        }
        windows[start]!.count(frame, wireLength: wireLength, accessPointMACs: accessPointMACs)
    }

    /// Closes every window and returns them in time order.
    public mutating func finish() -> [UsageWindow] {
        for start in windows.keys.sorted() {
            var state = windows[start]!
            for mac in state.clients {
                state.window.clientPseudonyms.insert(state.pseudonymizer.pseudonym(ofMAC: mac.bytes))
            }
            state.window.counters.clients = state.window.clientPseudonyms.count
            state.window.counters.probeSources = state.probeSources.count
            state.window.counters.probeSourcesLocal = state.probeSources.filter(\.isLocallyAdministered).count
            state.window.counters.probeSourcesGlobal = state.window.counters.probeSources
                - state.window.counters.probeSourcesLocal
            finished.append(state.window)
        }
        windows = [:]
        return finished.sorted { $0.start < $1.start }
    }

    /// `YYYY-MM-DD` (UTC) of a second since 1970, by the civil-from-days algorithm.
    static func day(ofSecond second: Int64) -> String {
        let days = second >= 0 ? second / 86_400 : (second + 1) / 86_400 - 1
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}

extension UsageSampler.WindowState {
    mutating func count(_ frame: DecodedFrame, wireLength: Int, accessPointMACs: Set<MAC48>) {
        var counters = window.counters
        defer { window.counters = counters }
        counters.packets += 1
        counters.bytes += wireLength
        switch frame.status {
        case .ok: break
        case .malformed:
            counters.malformed += 1
            return
        case .truncated:
            counters.truncated += 1
        case .unknownLinkType:
            counters.unknownLinkType += 1
            return
        }

        // Every probe request counts, whatever its source's bits say: anonymised captures
        // (and some drivers) set the group bit on source addresses.
        if frame.isProbeRequest {
            counters.probeRequests += 1
            if let source = frame.source { probeSources.insert(source) }
        }
        switch frame.dhcp {
        case .discover?: counters.dhcpDiscovers += 1
        case .request?: counters.dhcpRequests += 1
        default: break
        }
        if frame.isDNSQuery { counters.dnsQueries += 1 }
        guard frame.isData else { return }

        // Direction: the 802.11 DS bits say it outright; otherwise the AP's own addresses.
        var up = frame.distributionSystem == 1
        var down = frame.distributionSystem == 2
        if !up && !down, !accessPointMACs.isEmpty {
            if let source = frame.source, accessPointMACs.contains(source) { down = true }
            if let destination = frame.destination, accessPointMACs.contains(destination) { up = true }
        }
        if up && !down {
            counters.bytesUp += wireLength
        } else if down && !up {
            counters.bytesDown += wireLength
        } else {
            counters.bytesUnclassified += wireLength
        }

        // Client devices: the station end of a data frame, never the AP, never a group address.
        func client(_ mac: MAC48?) {
            guard let mac, !mac.isGroup, !accessPointMACs.contains(mac), mac != frame.bssid else { return }
            clients.insert(mac)
        }
        switch frame.distributionSystem {
        case 1: client(frame.source)
        case 2: client(frame.destination)
        case 3: break
        default:
            client(frame.source)
            if !accessPointMACs.isEmpty { client(frame.destination) }
        }
    }
}

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

    /// Adds another count of the same window (clients are recounted by the caller).
    public mutating func add(_ other: UsageCounters) {
        packets += other.packets
        bytes += other.bytes
        bytesUp += other.bytesUp
        bytesDown += other.bytesDown
        bytesUnclassified += other.bytesUnclassified
        clients += other.clients
        probeRequests += other.probeRequests
        probeSources += other.probeSources
        probeSourcesGlobal += other.probeSourcesGlobal
        probeSourcesLocal += other.probeSourcesLocal
        dhcpDiscovers += other.dhcpDiscovers
        dhcpRequests += other.dhcpRequests
        dnsQueries += other.dnsQueries
        malformed += other.malformed
        truncated += other.truncated
        unknownLinkType += other.unknownLinkType
    }

    /// Unserved demand as a range of devices: globally unique probe sources are the low
    /// anchor; all distinct sources (randomised ones change per scan) the high bound.
    public var probeDemand: ClosedRange<Int> {
        probeSourcesGlobal...max(probeSourcesGlobal, probeSources)
    }
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
/// Each device's pseudonym is computed once per day at most, never per packet: windows of the
/// same day share one cache, dropped when the day changes or when it holds more than
/// `pseudonymCacheLimit` devices (so memory stays bounded whatever the capture holds).
/// Not thread-safe: one sampler per source.
public struct UsageSampler {
    public let windowSeconds: Int
    /// The AP's own MAC addresses (from the inventory), for the direction split.
    public let accessPointMACs: Set<MAC48>
    /// The key of a UTC day, made on demand by the caller (see Fleet's PseudonymKeyStore).
    let keyForDay: (String) throws -> PseudonymKey

    /// The window the last packet went to, kept out of `windows` so that a packet in the same
    /// window as the one before (nearly all of them) costs no dictionary lookup or copy.
    private var current: WindowState?
    private var currentStart: Int64 = 0
    /// Every other open window (packets out of time order, or windows left behind).
    private var windows: [Int64: WindowState] = [:]
    private var finished: [UsageWindow] = []
    /// Packets per link type, except the run of the latest link type, counted apart.
    private var linkTypeCounts: [LinkType: Int] = [:]
    private var runLinkType: LinkType?
    private var runCount = 0
    /// The pseudonyms of the day whose windows were sealed last.
    private var pseudonymizer: Pseudonymizer?
    /// Devices the day's cache may hold before it is started afresh (about 8 MiB).
    static let pseudonymCacheLimit = 1 << 18

    /// Packets per link type seen, for the summary.
    public var linkTypes: [LinkType: Int] {
        var counts = linkTypeCounts
        if let runLinkType, runCount > 0 { counts[runLinkType, default: 0] += runCount }
        return counts
    }

    struct WindowState {
        var window: UsageWindow
        /// The key of the window's day, fetched when the window opens.
        var key: PseudonymKey
        var clients = MACSet()
        var probeSources = MACSet()
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
        if linkType == runLinkType {
            runCount += 1
        } else {
            if let runLinkType { linkTypeCounts[runLinkType, default: 0] += runCount }
            runLinkType = linkType
            runCount = 1
        }
        let seconds = Int64(windowSeconds)
        let second = timestampNanoseconds >= 0
            ? timestampNanoseconds / 1_000_000_000 : (timestampNanoseconds + 1) / 1_000_000_000 - 1
        let start =
            second >= 0 ? second / seconds * seconds : ((second + 1) / seconds - 1) * seconds
        if start != currentStart || current == nil { try switchWindow(to: start) }
        current!.count(frame, wireLength: wireLength, accessPointMACs: accessPointMACs)
    }

    /// Parks the current window in `windows` and makes the one starting at `start` current.
    ///
    /// Windows more than one window behind the new one are closed on the way: their MACs become
    /// pseudonyms and are dropped, so memory stays bounded however long the capture.
    private mutating func switchWindow(to start: Int64) throws {
        var expectedClients = 0
        if let current {
            expectedClients = current.clients.count
            windows[currentStart] = current
        }
        current = nil
        let horizon = start - 2 * Int64(windowSeconds)
        if windows.count > 2 {
            for old in windows.keys where old <= horizon {
                finished.append(seal(windows.removeValue(forKey: old)!))
            }
        }
        if let open = windows.removeValue(forKey: start) {
            current = open
        } else {
            let day = Self.day(ofSecond: start)
            current = WindowState(
                window: UsageWindow(start: start, seconds: windowSeconds, day: day),
                key: try keyForDay(day),
                // The window before is the best guess of this one's devices: no regrowing.
                clients: MACSet(expected: expectedClients))
        }
        currentStart = start
    }

    /// Closes every window and returns them in time order. A window closed early and opened
    /// again by packets out of time order comes back as one: counters added, devices merged by
    /// pseudonym (distinct probe sources are then added, and may count a source twice).
    public mutating func finish() -> [UsageWindow] {
        if let current { windows[currentStart] = current }
        current = nil
        for start in windows.keys.sorted() {
            finished.append(seal(windows[start]!))
        }
        windows = [:]
        var merged: [Int64: UsageWindow] = [:]
        for window in finished {
            guard var earlier = merged[window.start] else {
                merged[window.start] = window
                continue
            }
            earlier.counters.add(window.counters)
            earlier.clientPseudonyms.formUnion(window.clientPseudonyms)
            earlier.counters.clients = earlier.clientPseudonyms.count
            merged[window.start] = earlier
        }
        finished = []
        return merged.values.sorted { $0.start < $1.start }
    }

    /// Turns a window's MACs into pseudonyms and distinct counts; the MACs are gone after.
    private mutating func seal(_ open: WindowState) -> UsageWindow {
        var state = open
        var day = pseudonymizer ?? Pseudonymizer(key: state.key)
        pseudonymizer = nil
        if day.key != state.key || day.cachedCount > Self.pseudonymCacheLimit {
            day = Pseudonymizer(key: state.key)
        }
        state.window.clientPseudonyms.reserveCapacity(state.clients.count)
        day.reserveCapacity(day.cachedCount + state.clients.count)
        state.clients.forEach { mac in
            state.window.clientPseudonyms.insert(day.pseudonym(ofPackedMAC: mac.value))
        }
        pseudonymizer = day
        state.window.counters.clients = state.window.clientPseudonyms.count
        state.window.counters.probeSources = state.probeSources.count
        var local = 0
        state.probeSources.forEach { if $0.isLocallyAdministered { local += 1 } }
        state.window.counters.probeSourcesLocal = local
        state.window.counters.probeSourcesGlobal = state.window.counters.probeSources
            - state.window.counters.probeSourcesLocal
        return state.window
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
    private var counters: UsageCounters {
        _read { yield window.counters }
        _modify { yield &window.counters }
    }

    mutating func count(_ frame: DecodedFrame, wireLength: Int, accessPointMACs: Set<MAC48>) {
        // In place: a local copy of the counters written back would move 16 words per packet.
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
            if let destination = frame.destination, accessPointMACs.contains(destination) {
                up = true
            }
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
            guard let mac, !mac.isGroup, !accessPointMACs.contains(mac), mac != frame.bssid else {
                return
            }
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

/// A set of MAC addresses for the per-packet path: open addressing with linear probing over a
/// flat array of 48-bit values, hashed by one multiplication (`AddressHashing`, with the
/// process's random multiplier) instead of `Hasher`'s SipHash, which the per-packet
/// `Set<MAC48>` insert spent most of its time in.
struct MACSet {
    /// A slot no 48-bit address can fill.
    private static let empty = UInt64.max
    private var slots: [UInt64]
    private var shift: UInt64
    /// Kept here, not read from the global per packet (a global is checked for its first use).
    private let multiplier = AddressHashing.multiplier
    private(set) var count = 0

    init() {
        slots = []
        shift = 64
    }

    /// An empty set with room for `expected` addresses before it grows.
    init(expected: Int) {
        self.init()
        guard expected > 0 else { return }
        var capacity = 64
        while capacity < 2 * expected + 2 { capacity *= 2 }
        slots = [UInt64](repeating: Self.empty, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    /// Adds `mac`; true when it was not there before.
    @inline(__always)
    @discardableResult
    mutating func insert(_ mac: MAC48) -> Bool {
        if count * 2 >= slots.count { grow() }
        let value = mac.value
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: (value &* multiplier) >> shift)
        return slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot == value { return false }
                if slot == Self.empty {
                    slots[index] = value
                    count += 1
                    return true
                }
                index = (index + 1) & mask
            }
        }
    }

    func contains(_ mac: MAC48) -> Bool {
        guard !slots.isEmpty else { return false }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: (mac.value &* multiplier) >> shift)
        while true {
            let slot = slots[index]
            if slot == mac.value { return true }
            if slot == Self.empty { return false }
            index = (index + 1) & mask
        }
    }

    /// Calls `body` with every address, in no particular order.
    func forEach(_ body: (MAC48) throws -> Void) rethrows {
        for slot in slots where slot != Self.empty { try body(MAC48(value: slot)) }
    }

    /// Doubles the table (64 slots at first) and re-inserts every address.
    private mutating func grow() {
        let old = slots
        let capacity = max(64, old.count * 2)
        slots = [UInt64](repeating: Self.empty, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for value in old where value != Self.empty { insert(MAC48(value: value)) }
    }
}

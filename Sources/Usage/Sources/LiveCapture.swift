// Live capture on an interface for a fixed time: pcap_create, snap length 128, immediate
// mode, an optional BPF filter, then a non-blocking read loop that polls until the deadline.
// Manual: https://www.tcpdump.org/manpages/pcap_create.3pcap.html, pcap_activate.3pcap.html

#if canImport(Glibc)
import Glibc
#endif

/// Captures packets from a network interface.
public enum LiveCapture {
    /// Bytes kept per packet: enough for radiotap, 802.11, IP and UDP headers.
    public static let snapLength: Int32 = 128

    /// Captures on `interface` for `duration` and calls `body` for each packet.
    ///
    /// Uses `pcap_create`, snap length 128, immediate mode and nanosecond timestamps when the
    /// interface offers them, an optional filter (`pcap_compile`, `pcap_setfilter`), and
    /// `pcap_activate`, whose warnings go into the report. The read loop is non-blocking
    /// (`pcap_setnonblock` and `poll`), so it never waits past the deadline.
    ///
    /// - Parameter body: gets each packet; its `bytes` are valid only during the call.
    /// - Throws: `SourceError`: `.permission` when capture is not permitted (root or
    ///   `CAP_NET_RAW` needed), `.notFound` for an unknown interface, `.unavailable` for an
    ///   interface that is down, a filter that does not compile, or a failed read.
    public static func capture(interface: String, duration: Duration, filter: String?,
                               _ body: (PacketView) throws -> Void) throws -> SourceReport {
        let handle: PcapHandle
        switch PcapHandle.create(interface: interface) {
        case .success(let created): handle = created
        case .failure(let failure):
            throw SourceError(.unavailable,
                              "\(interface): cannot create a capture (\(failure.text))")
        }

        // A 100 ms buffer timeout keeps the loop responsive even where poll is unreliable.
        let configured = handle.configure(snapLength: snapLength, immediate: true,
                                          timeoutMilliseconds: 100)
        if configured != 0 {
            throw SourceError(.unavailable, """
                \(interface): cannot configure the capture (\(PcapStatus.text(configured)))
                """)
        }
        let nanosecond = handle.requestNanosecondTimestamps()

        var warnings: [String] = []
        let activated = handle.activate()
        if activated < 0 {
            throw activationError(interface: interface, status: activated, text: handle.lastError)
        }
        if activated > 0 {
            warnings.append("\(interface): \(PcapStatus.text(activated)) (\(handle.lastError))")
        }
        if let filter, let problem = handle.setFilter(filter) {
            throw SourceError(.unavailable,
                              "\(interface): filter \"\(filter)\" rejected (\(problem))")
        }
        if let problem = handle.setNonBlocking() {
            throw SourceError(.unavailable,
                              "\(interface): cannot read without blocking (\(problem))")
        }

        let linkType = LinkType(dataLink: handle.dataLink)
        let fractionScale: Int64 = nanosecond ? 1 : 1000
        let descriptor = handle.selectableDescriptor
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        var packets = 0

        capturing: while clock.now < deadline {
            draining: while true {
                switch handle.next() {
                case .packet(let packet):
                    packets += 1
                    try body(PacketView(
                        timestampNanoseconds: Int64(packet.seconds) &* 1_000_000_000
                            &+ Int64(packet.fraction) &* fractionScale,
                        linkType: linkType,
                        originalLength: packet.wireLength,
                        bytes: UnsafeRawBufferPointer(start: packet.data,
                                                      count: packet.captureLength)))
                    if clock.now >= deadline { break capturing }
                case .timeout:
                    break draining
                case .end:
                    break capturing
                case .failure:
                    throw SourceError(.unavailable, """
                        \(interface): capture failed after \(packets) packets \
                        (\(handle.lastError))
                        """)
                }
            }
            waitForPackets(descriptor: descriptor, until: deadline, clock: clock)
        }

        if let dropped = handle.droppedByKernel, dropped > 0 {
            warnings.append("\(interface): the kernel dropped \(dropped) packets")
        }
        return SourceReport(name: interface, format: "live", packets: packets,
                            linkTypes: packets > 0 ? [linkType: packets] : [:],
                            warnings: warnings)
    }

    /// Sleeps in `poll` until packets are readable, the deadline, or at most 100 ms.
    private static func waitForPackets(descriptor: Int32, until deadline: ContinuousClock.Instant,
                                       clock: ContinuousClock) {
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .zero else { return }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = Int32(min(100, seconds * 1000 + (attoseconds + 999_999_999_999_999)
                                     / 1_000_000_000_000_000))
        guard descriptor >= 0 else {
            usleep(UInt32(milliseconds) * 1000)
            return
        }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, milliseconds)
    }

    /// The error for a negative `pcap_activate` result.
    static func activationError(interface: String, status: Int32, text: String) -> SourceError {
        let detail = text.isEmpty ? PcapStatus.text(status) : text
        switch status {
        case PcapStatus.permissionDenied, PcapStatus.promiscuousPermissionDenied:
            return permissionError(interface: interface, detail: detail)
        case PcapStatus.noSuchDevice:
            return SourceError(.notFound, "\(interface): no such interface (\(detail))")
        case PcapStatus.interfaceNotUp:
            return SourceError(.unavailable, "\(interface): the interface is down (\(detail))")
        default:
            // Some paths report EPERM as a plain PCAP_ERROR with the errno text.
            if detail.contains("Operation not permitted") || detail.contains("ermission denied") {
                return permissionError(interface: interface, detail: detail)
            }
            return SourceError(.unavailable, "\(interface): cannot start capture (\(detail))")
        }
    }

    private static func permissionError(interface: String, detail: String) -> SourceError {
        SourceError(.permission, """
            \(interface): capture is not permitted; run as root or give the program \
            CAP_NET_RAW and CAP_NET_ADMIN (setcap cap_net_raw,cap_net_admin=eip) (\(detail))
            """)
    }
}

extension LinkType {
    /// The link type for a libpcap `DLT_` value: the same number except where a platform's
    /// DLT differs from the LINKTYPE (raw IP is DLT 12 on Linux, LINKTYPE 101).
    init(dataLink: Int32) {
        switch dataLink {
        case 12, 14: self = .raw
        default: self.init(rawValue: UInt32(truncatingIfNeeded: dataLink))
        }
    }
}

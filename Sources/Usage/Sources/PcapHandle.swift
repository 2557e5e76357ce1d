// The raw libpcap layer: every `pcap_*` call of the Usage module lives in this file, and nothing
// above it sees a C type. Manual pages: https://www.tcpdump.org/manpages/pcap.3pcap.html

internal import CPcap

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Handle

/// One `pcap_t`, owned here and closed by `deinit` (`pcap_close`).
///
/// Not `Sendable`: libpcap handles are not thread-safe (man `pcap(3PCAP)`), so a handle stays on
/// the thread that opened it.
final class PcapHandle {
    /// One packet's header fields and data, valid until the following `next()`.
    struct RawPacket {
        let captureLength: Int
        let wireLength: Int
        let seconds: Int
        /// Nanoseconds, or microseconds when the handle could not be set to nanoseconds.
        let fraction: Int
        let data: UnsafeRawPointer?
    }

    /// What `next()` found.
    enum Next {
        case packet(RawPacket)
        /// Live capture: the buffer timeout expired, or nothing is waiting in non-blocking mode.
        case timeout
        /// End of a savefile (`PCAP_ERROR_BREAK`).
        case end
        /// `PCAP_ERROR`; the text is in `lastError`.
        case failure
    }

    private let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        pcap_close(pointer)
    }

    /// Opens a savefile at nanosecond precision (`pcap_open_offline_with_tstamp_precision`).
    ///
    /// - Returns: the handle, or libpcap's error text.
    static func openOffline(path: String) -> Result<PcapHandle, PcapFailure> {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let pointer = pcap_open_offline_with_tstamp_precision(
            path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer)
        else {
            return .failure(PcapFailure(status: PCAP_ERROR, text: text(of: errorBuffer)))
        }
        return .success(PcapHandle(pointer: pointer))
    }

    /// Creates an inactive live handle (`pcap_create`).
    static func create(interface: String) -> Result<PcapHandle, PcapFailure> {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let pointer = pcap_create(interface, &errorBuffer) else {
            return .failure(PcapFailure(status: PCAP_ERROR, text: text(of: errorBuffer)))
        }
        return .success(PcapHandle(pointer: pointer))
    }

    /// libpcap's last error text for this handle (`pcap_geterr`).
    var lastError: String { String(cString: pcap_geterr(pointer)) }

    /// The link-layer header type (`pcap_datalink`), a `DLT_` value.
    var dataLink: Int32 { pcap_datalink(pointer) }

    /// Reads the next packet (`pcap_next_ex`).
    @inline(__always)
    func next() -> Next {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var bytes: UnsafePointer<UInt8>?
        let status = pcap_next_ex(pointer, &header, &bytes)
        if status == 1, let header {
            return .packet(RawPacket(
                captureLength: Int(header.pointee.caplen),
                wireLength: Int(header.pointee.len),
                seconds: header.pointee.ts.tv_sec,
                fraction: header.pointee.ts.tv_usec,
                data: UnsafeRawPointer(bytes)))
        }
        switch status {
        case 0: return .timeout
        case PCAP_ERROR_BREAK: return .end
        default: return .failure
        }
    }

    // MARK: Live settings, before `activate()`

    /// `pcap_set_snaplen`, `pcap_set_immediate_mode` and `pcap_set_timeout` (milliseconds).
    func configure(snapLength: Int32, immediate: Bool, timeoutMilliseconds: Int32) -> Int32 {
        var status = pcap_set_snaplen(pointer, snapLength)
        if status == 0 { status = pcap_set_immediate_mode(pointer, immediate ? 1 : 0) }
        if status == 0 { status = pcap_set_timeout(pointer, timeoutMilliseconds) }
        return status
    }

    /// Asks for nanosecond timestamps (`pcap_set_tstamp_precision`); false if unsupported.
    func requestNanosecondTimestamps() -> Bool {
        pcap_set_tstamp_precision(pointer, Int32(PCAP_TSTAMP_PRECISION_NANO)) == 0
    }

    /// `pcap_activate`: 0 on success, > 0 a warning, < 0 an error (`PCAP_ERROR_*`).
    func activate() -> Int32 { pcap_activate(pointer) }

    /// Compiles and installs a BPF filter (`pcap_compile`, `pcap_setfilter`, `pcap_freecode`).
    ///
    /// - Returns: nil, or libpcap's error text.
    func setFilter(_ expression: String) -> String? {
        var program = bpf_program()
        guard pcap_compile(pointer, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            return lastError
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(pointer, &program) == 0 else { return lastError }
        return nil
    }

    /// Non-blocking mode (`pcap_setnonblock`), so a read never waits past a deadline.
    func setNonBlocking() -> String? {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard pcap_setnonblock(pointer, 1, &errorBuffer) == 0 else {
            return text(of: errorBuffer)
        }
        return nil
    }

    /// The descriptor to `poll` for readable packets (`pcap_get_selectable_fd`), or -1.
    var selectableDescriptor: Int32 { pcap_get_selectable_fd(pointer) }

    /// Packets the kernel dropped so far (`pcap_stats`), when libpcap can tell.
    var droppedByKernel: Int? {
        var stats = pcap_stat()
        guard pcap_stats(pointer, &stats) == 0 else { return nil }
        return Int(stats.ps_drop)
    }
}

/// The text in a NUL-terminated libpcap error buffer.
private func text(of errorBuffer: [CChar]) -> String {
    errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// A libpcap failure: the status code and the text from the error buffer or `pcap_geterr`.
struct PcapFailure: Error {
    let status: Int32
    let text: String
}

/// The libpcap status codes the sources map to error kinds (`pcap/pcap.h`).
enum PcapStatus {
    static let permissionDenied = PCAP_ERROR_PERM_DENIED
    static let noSuchDevice = PCAP_ERROR_NO_SUCH_DEVICE
    static let interfaceNotUp = PCAP_ERROR_IFACE_NOT_UP
    static let promiscuousPermissionDenied = PCAP_ERROR_PROMISC_PERM_DENIED
    static let error = PCAP_ERROR
    /// `pcap_statustostr`: libpcap's name for a status code.
    static func text(_ status: Int32) -> String { String(cString: pcap_statustostr(status)) }
}

// MARK: - Dumper

/// A savefile writer (`pcap_open_dead_with_tstamp_precision`, `pcap_dump_open`, `pcap_dump`),
/// closed by `deinit` (`pcap_dump_close`, `pcap_close`). Not `Sendable`, like `PcapHandle`.
final class PcapDumper {
    private let dead: OpaquePointer
    private let dumper: OpaquePointer
    private let nanosecond: Bool

    init(path: String, linkType: Int32, snapLength: Int32, nanosecond: Bool) throws(PcapFailure) {
        let precision = nanosecond ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO
        guard let dead = pcap_open_dead_with_tstamp_precision(
            linkType, snapLength, UInt32(precision))
        else {
            throw PcapFailure(status: PCAP_ERROR, text: "pcap_open_dead failed")
        }
        guard let dumper = pcap_dump_open(dead, path) else {
            let text = String(cString: pcap_geterr(dead))
            pcap_close(dead)
            throw PcapFailure(status: PCAP_ERROR, text: text)
        }
        self.dead = dead
        self.dumper = dumper
        self.nanosecond = nanosecond
    }

    deinit {
        pcap_dump_close(dumper)
        pcap_close(dead)
    }

    /// Appends one record (`pcap_dump`); `fraction` is in the file's precision.
    func write(seconds: Int, fraction: Int, wireLength: Int, bytes: UnsafeRawBufferPointer) {
        var header = pcap_pkthdr()
        header.ts.tv_sec = seconds
        header.ts.tv_usec = fraction
        header.caplen = UInt32(truncatingIfNeeded: bytes.count)
        header.len = UInt32(truncatingIfNeeded: wireLength)
        let user = UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self)
        let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        withUnsafePointer(to: &header) { pcap_dump(user, $0, data ?? UnsafePointer(user)) }
    }

    /// Flushes buffered records to the file (`pcap_dump_flush`).
    func flush() -> Bool { pcap_dump_flush(dumper) == 0 }
}

// Reading a capture as bytes arrive: from an SSH stream in whatever chunks the network gives,
// or from a file in large reads. One growing window holds the bytes not yet parsed, so packets
// are handed out in place and nothing is allocated per packet.

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Parser interface

/// A savefile parser that walks whole records in the bytes it is given and keeps its place.
protocol RecordParser: AnyObject {
    var format: String { get }
    var packets: Int { get }
    var linkTypes: [LinkType: Int] { get }

    /// Hands every whole packet in `bytes` to `body` and returns how many bytes it used up.
    ///
    /// - Parameter base: the input offset of `bytes.first`, for messages.
    /// - Throws: `SourceError` when a header or block contradicts itself.
    func parse(_ bytes: UnsafeRawBufferPointer, base: Int,
               _ body: (PacketView) throws -> Void) throws -> Int

    /// The warning when the input ends with `leftover` unparsed bytes starting at `offset`.
    func cutOff(leftover: UnsafeRawBufferPointer, at offset: Int, inputEnd: Int,
                inputNoun: String) -> String
}

// MARK: - Window

/// Bytes received but not yet parsed, in one buffer that grows to the largest record seen.
///
/// Not `Sendable`; owned by one reader. The storage is freed in `deinit`.
final class ByteWindow {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var end = 0
    /// Input offset of the first unparsed byte.
    private(set) var offset = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    var count: Int { end - start }
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + start, count: end - start)
    }

    /// Drops `byteCount` parsed bytes from the front.
    func consume(_ byteCount: Int) {
        start += byteCount
        offset += byteCount
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Free space of at least `minimum` bytes after the unparsed ones, moving or growing.
    func freeSpace(minimum: Int) -> UnsafeMutableRawBufferPointer {
        if capacity - end < minimum {
            let pending = end - start
            if pending + minimum <= capacity {
                storage.copyMemory(from: storage + start, byteCount: pending)
            } else {
                var newCapacity = capacity * 2
                while newCapacity < pending + minimum { newCapacity *= 2 }
                let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
                grown.copyMemory(from: storage + start, byteCount: pending)
                storage.deallocate()
                storage = grown
                capacity = newCapacity
            }
            start = 0
            end = pending
        }
        return UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end)
    }

    /// Marks `byteCount` bytes written into the last `freeSpace` as received.
    func commit(_ byteCount: Int) {
        end += byteCount
    }

    /// Copies a chunk in after the unparsed bytes.
    func append(_ chunk: UnsafeRawBufferPointer) {
        guard let source = chunk.baseAddress, !chunk.isEmpty else { return }
        let space = freeSpace(minimum: chunk.count)
        space.baseAddress!.copyMemory(from: source, byteCount: chunk.count)
        commit(chunk.count)
    }
}

// MARK: - Reader

/// Detects the format from the first bytes, then feeds the window to the matching parser.
///
/// Not `Sendable`; owned by one source.
final class IncrementalReader {
    let name: String
    /// "file" or "stream", for the cut-off warning.
    let inputNoun: String
    let window: ByteWindow
    private(set) var parser: (any RecordParser)?
    /// Bytes received so far.
    private(set) var bytesReceived = 0

    init(name: String, inputNoun: String, capacity: Int = 1 << 20) {
        self.name = name
        self.inputNoun = inputNoun
        window = ByteWindow(capacity: capacity)
    }

    var packets: Int { parser?.packets ?? 0 }
    var format: String { parser?.format ?? "unknown" }
    var linkTypes: [LinkType: Int] { parser?.linkTypes ?? [:] }

    /// Takes a chunk of input and hands every packet it completes to `body`.
    func feed(_ chunk: UnsafeRawBufferPointer, _ body: (PacketView) throws -> Void) throws {
        window.append(chunk)
        try parseReceived(chunk.count, body)
    }

    /// Call after committing `byteCount` bytes to the window: parses what is complete.
    func parseReceived(_ byteCount: Int, _ body: (PacketView) throws -> Void) throws {
        bytesReceived += byteCount
        if parser == nil {
            guard window.count >= 4 else { return }
            let format = try CaptureFormat.detect(window.bytes, name: name)
            parser = switch format {
            case .classic: ClassicPcapParser(name: name)
            case .pcapng: PcapngParser(name: name)
            }
        }
        guard let parser else { return }
        let used = try parser.parse(window.bytes, base: window.offset, body)
        window.consume(used)
    }

    /// At the end of input: nil, or the warning for bytes that never made a whole record.
    ///
    /// - Throws: `.unknownFormat` when the input was too short even to tell its format.
    func finish() throws -> String? {
        guard let parser else {
            _ = try CaptureFormat.detect(window.bytes, name: name)
            return nil
        }
        guard window.count > 0 else { return nil }
        return parser.cutOff(leftover: window.bytes, at: window.offset,
                             inputEnd: window.offset + window.count, inputNoun: inputNoun)
    }

    /// Reads a whole descriptor in large `read(2)` calls, feeding each to the parser.
    func readAll(descriptor: Int32, _ body: (PacketView) throws -> Void) throws {
        while true {
            let space = window.freeSpace(minimum: 64 * 1024)
            let got = read(descriptor, space.baseAddress, space.count)
            if got < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw SourceError(.unreadable,
                                  "\(name): read failed after byte \(bytesReceived) (\(reason))")
            }
            if got == 0 { return }
            window.commit(got)
            try parseReceived(got, body)
        }
    }
}

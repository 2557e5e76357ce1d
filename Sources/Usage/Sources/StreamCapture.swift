// A capture arriving as bytes, typically `tcpdump -i IF -U -s 128 -w -` on an AP read through
// the SSH session. Parsed incrementally by our own bounds-checked readers: libpcap could only
// read it through a FILE*, which would tie the SSH channel to a pipe and a thread.

/// Reads a pcap byte stream as it arrives.
public enum StreamCapture {
    /// Reads classic pcap (either byte order, micro- or nanosecond) or pcapng from
    /// `nextChunk`, across any chunk boundaries, and calls `body` for each packet.
    ///
    /// - Parameters:
    ///   - name: names the stream in the report and messages, e.g. `AP:wlan0`.
    ///   - nextChunk: the next bytes; an empty array ends the stream.
    ///   - body: gets each packet; its `bytes` are valid only during the call.
    /// - Returns: a report with `format` `stream`; a stream ending inside a record gives a
    ///   warning naming the packet and `truncatedFile`.
    /// - Throws: `SourceError` for a bad magic, version or block, or an empty stream; or what
    ///   `nextChunk` or `body` throws.
    public static func read(name: String, nextChunk: () throws -> [UInt8],
                            _ body: (PacketView) throws -> Void) throws -> SourceReport {
        let reader = IncrementalReader(name: name, inputNoun: "stream", capacity: 256 * 1024)
        while true {
            let chunk = try nextChunk()
            if chunk.isEmpty { break }
            try chunk.withUnsafeBytes { try reader.feed($0, body) }
        }
        let warning = try reader.finish()
        return SourceReport(name: name, format: "stream", packets: reader.packets,
                            linkTypes: reader.linkTypes, warnings: warning.map { [$0] } ?? [],
                            truncatedFile: warning != nil)
    }
}

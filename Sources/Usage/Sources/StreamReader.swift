/// A pcap byte stream read as it is pushed in (from an SSH channel's callback), the push
/// counterpart of `StreamCapture.read`.
///
/// Not `Sendable`; owned by the thread reading the stream.
public final class StreamReader {
    private let reader: IncrementalReader
    public let name: String

    public init(name: String) {
        self.name = name
        reader = IncrementalReader(name: name, inputNoun: "stream", capacity: 256 * 1024)
    }

    /// Takes the next bytes and hands every packet they complete to `body`.
    public func feed(_ chunk: [UInt8], _ body: (PacketView) throws -> Void) throws {
        guard !chunk.isEmpty else { return }
        try chunk.withUnsafeBytes { try reader.feed($0, body) }
    }

    /// Ends the stream: the report, with a warning when it stopped inside a record.
    public func finish() throws -> SourceReport {
        let warning = try reader.finish()
        return SourceReport(name: name, format: "stream", packets: reader.packets,
                            linkTypes: reader.linkTypes, warnings: warning.map { [$0] } ?? [],
                            truncatedFile: warning != nil)
    }
}

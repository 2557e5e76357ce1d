// The bounded view every decoder reads through. Each header is checked against two limits before
// any byte of it is read: the bytes actually captured, and the end of its layer (the wire length,
// or what an enclosing length field declared). Crossing the first is truncation; crossing a
// declared end is a malformed packet. Every byte is hostile.

/// One protocol layer of a packet: where it starts and where its enclosing header says it ends.
///
/// Offsets are absolute offsets into `bytes`, never relative to `start`, so that a decoder can
/// hand the same offset to the next layer without arithmetic.
struct LayerWindow {
    /// The whole captured packet.
    let bytes: UnsafeRawBufferPointer
    /// First byte of this layer.
    let start: Int
    /// End of this layer as the wire length or a length field gives it; may exceed the capture.
    let end: Int
    /// `end` came from a length field inside the packet, so a header crossing it is malformed
    /// rather than truncated.
    let endIsDeclared: Bool

    init(bytes: UnsafeRawBufferPointer, start: Int, end: Int, endIsDeclared: Bool) {
        self.bytes = bytes
        self.start = start
        self.end = end
        self.endIsDeclared = endIsDeclared
    }

    /// The window for a layer that starts at `offset` and ends where this one ends.
    func from(_ offset: Int) -> LayerWindow {
        LayerWindow(bytes: bytes, start: offset, end: end, endIsDeclared: endIsDeclared)
    }

    /// The window for a layer at `offset` whose length field says it is `length` bytes long.
    /// The caller has checked that `offset + length <= end`.
    func declared(from offset: Int, length: Int) -> LayerWindow {
        LayerWindow(bytes: bytes, start: offset, end: offset + length, endIsDeclared: true)
    }

    /// `.ok` when `count` bytes at `offset` are captured and inside this layer; otherwise
    /// `.malformed` when they cross a declared end, else `.truncated`.
    func check(_ offset: Int, _ count: Int) -> DecodedFrame.Status {
        let last = offset + count
        if last <= end && last <= bytes.count && offset >= 0 { return .ok }
        if (last > end && endIsDeclared) || offset < 0 { return .malformed }
        return .truncated
    }

    /// True when `count` bytes at `offset` may be read; otherwise records why in `frame`.
    func fits(_ offset: Int, _ count: Int, _ frame: inout DecodedFrame) -> Bool {
        let status = check(offset, count)
        if status == .ok { return true }
        frame.status = status
        return false
    }

    // MARK: - Reads (the caller has called `fits` for these bytes)

    func u8(_ offset: Int) -> UInt8 {
        assert(offset >= 0 && offset < bytes.count, "read outside the captured bytes")
        return bytes[offset]
    }

    /// Network byte order (big-endian) 16 bits.
    func be16(_ offset: Int) -> UInt16 {
        UInt16(u8(offset)) << 8 | UInt16(u8(offset + 1))
    }

    /// Little-endian 16 bits (radiotap).
    func le16(_ offset: Int) -> UInt16 {
        UInt16(u8(offset)) | UInt16(u8(offset + 1)) << 8
    }

    func be32(_ offset: Int) -> UInt32 {
        UInt32(be16(offset)) << 16 | UInt32(be16(offset + 2))
    }

    func le32(_ offset: Int) -> UInt32 {
        UInt32(le16(offset)) | UInt32(le16(offset + 2)) << 16
    }

    func mac(_ offset: Int) -> MAC48 {
        assert(offset >= 0 && offset + 6 <= bytes.count, "MAC read outside the captured bytes")
        return MAC48(bytes, at: offset)
    }
}

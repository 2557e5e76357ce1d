// A JSON writer that behaves like libubox's blobmsg_json.c: members keep their order,
// strings are bytes passed through unchanged (an SSID that is not UTF-8 stays so), and
// the indented form matches what `ubus call` prints, tabs and empty containers included.

/// A JSON value whose strings are raw bytes.
enum LabJSON {
    case object([(String, LabJSON)])
    case array([LabJSON])
    case string([UInt8])
    case int(Int64)
    case bool(Bool)

    static func text(_ value: String) -> LabJSON { .string(Array(value.utf8)) }
    static func number(_ value: Int) -> LabJSON { .int(Int64(value)) }

    /// The form `ubus call` prints (blobmsg_format_json_indent), with a final newline.
    var ubusText: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, level: 0, indented: true)
        out.append(0x0A)
        return out
    }

    /// One line, no spaces, as UniFi's `mca-dump` prints.
    var compactText: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, level: 0, indented: false)
        out.append(0x0A)
        return out
    }

    private func write(into out: inout [UInt8], level: Int, indented: Bool) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            writeMembers(members.count, into: &out, level: level, indented: indented) {
                index, out in
                LabJSON.writeString(Array(members[index].0.utf8), into: &out)
                out.append(UInt8(ascii: ":"))
                if indented { out.append(0x20) }
                members[index].1.write(into: &out, level: level + 1, indented: indented)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            writeMembers(elements.count, into: &out, level: level, indented: indented) {
                index, out in
                elements[index].write(into: &out, level: level + 1, indented: indented)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let bytes):
            LabJSON.writeString(bytes, into: &out)
        case .int(let value):
            out.append(contentsOf: String(value).utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        }
    }

    /// libubox writes a separator (newline and one tab per level) after the opening
    /// bracket, between members and before the closing one, even for empty containers.
    private func writeMembers(
        _ count: Int, into out: inout [UInt8], level: Int, indented: Bool,
        member: (Int, inout [UInt8]) -> Void
    ) {
        if indented { LabJSON.separator(level + 1, into: &out) }
        for index in 0..<count {
            if index > 0 {
                out.append(UInt8(ascii: ","))
                if indented { LabJSON.separator(level + 1, into: &out) }
            }
            member(index, &out)
        }
        if indented { LabJSON.separator(level, into: &out) }
    }

    private static func separator(_ level: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x09, count: level))
    }

    /// Escapes quote, backslash and control bytes; every other byte goes out as it is.
    private static func writeString(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, byte])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, byte])
            case 0x08: out.append(contentsOf: Array("\\b".utf8))
            case 0x0A: out.append(contentsOf: Array("\\n".utf8))
            case 0x0D: out.append(contentsOf: Array("\\r".utf8))
            case 0x09: out.append(contentsOf: Array("\\t".utf8))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

// Parser for `/proc/net/dev` (Linux `dev_seq_show()` in net/core/net-procfs.c), the same on
// OpenWrt, vendor firmwares built on it, and any Linux host.

import Foundation

/// Parser for `cat /proc/net/dev`.
public enum ProcNetDevParser {

    /// Parses `cat /proc/net/dev`:
    ///
    ///     Inter-|   Receive                                                |  Transmit
    ///      face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets …
    ///         lo:   13222     152    0    0    0     0          0         0    13222     152 …
    ///     gretap0:       0       0    0    0    0     0          0         0        0       0 …
    ///
    /// The name is right-aligned in 6 columns, so a long one (`gretap0:`) or a wide first
    /// number (`eth0:1234`) leaves no space around the colon. Rows need at least the 11
    /// columns up to transmit errors; a short or non-numeric row is skipped with a warning.
    /// Names are any interface name (`wl0`, `phy0-ap0`, `br-lan.10`).
    public static func parse(_ bytes: [UInt8]) throws -> Parsed<[InterfaceCounters]> {
        let kind = "proc-net-dev"
        var log = WarningLog(kind: kind)
        let text = OutputText(bytes, warnings: &log)
        guard !text.isBlank else { throw ParseError(kind: kind, reason: "empty output") }

        var counters: [InterfaceCounters] = []
        var names: Set<String> = []
        for line in text.lines {
            let trimmed = line.trimmed
            // The two header lines, and anything else that is not a row.
            guard !trimmed.isEmpty, !trimmed.contains("|"),
                let colon = trimmed.firstIndex(of: ":")
            else { continue }

            let name = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            guard UbusParser.isValidInterfaceName(name) || isWideInterfaceName(name) else {
                // A shell prompt (`root@OpenWrt:~# cat /proc/net/dev`) lands here too.
                log.add("line \(line.number)", "not an interface row; skipped")
                continue
            }
            let columns = trimmed[trimmed.index(after: colon)...]
                .split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard columns.count >= 11 else {
                log.add("line \(line.number)", "\(columns.count) columns where 16 were "
                    + "expected; skipped")
                continue
            }
            let values = columns.prefix(11).compactMap { parseUnsigned($0) }
            guard values.count == 11 else {
                log.add("line \(line.number)", "a column is not a counter; skipped")
                continue
            }
            guard names.insert(name).inserted else {
                log.add("line \(line.number)", "interface listed twice; second row skipped")
                continue
            }
            guard counters.count < ParseLimits.entries else {
                log.add("output", "more than \(ParseLimits.entries) interfaces; "
                    + "the rest is ignored")
                break
            }
            counters.append(InterfaceCounters(
                name: name, rxBytes: values[0], rxPackets: values[1], rxErrors: values[2],
                txBytes: values[8], txPackets: values[9], txErrors: values[10]))
        }

        guard !counters.isEmpty else {
            if let message = CommandFailure.message(in: text) {
                throw ParseError(kind: kind, reason: "the device answered with an error: "
                    + message)
            }
            throw ParseError(kind: kind, reason: "no interface rows")
        }
        if !text.endsWithNewline {
            log.add("output", "the last line has no newline (cut off?)")
        }
        return log.parsed(counters)
    }

    /// Names `isValidInterfaceName` refuses that the kernel still allows in this table
    /// (`@`, `+`, `:`-free, no white space, at most 15 bytes), e.g. `veth+1`.
    private static func isWideInterfaceName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        return (1...15).contains(utf8.count) && utf8.allSatisfy {
            $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "/")
                && $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "~")
        }
    }
}

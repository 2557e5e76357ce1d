// Chooses the field delimiter: the caller's choice, Excel's `sep=` first line, or the most
// frequent of `,` `;` and tab outside quotes in the header line.

/// Excel's delimiter hint: a first line that is exactly `sep=X`.
struct SeparatorHint {
    let delimiter: UInt8
    /// Offset of the first byte after the hint line and its line break.
    let end: Int

    /// The hint at the start of `bytes`, if the first line is `sep=` and one usable delimiter.
    init?(_ bytes: [UInt8]) {
        let prefix = Array("sep=".utf8)
        guard bytes.count > prefix.count else { return nil }
        for index in prefix.indices {
            let byte = bytes[index]
            let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            guard lowered == prefix[index] else { return nil }
        }
        let candidate = bytes[prefix.count]
        guard Delimiter.isUsable(candidate) else { return nil }

        var end = prefix.count + 1
        if end < bytes.count {
            switch bytes[end] {
            case ASCII.lineFeed:
                end += 1
            case ASCII.carriageReturn:
                end += 1
                if end < bytes.count, bytes[end] == ASCII.lineFeed { end += 1 }
            default:
                return nil
            }
        }
        delimiter = candidate
        self.end = end
    }
}

enum Delimiter {
    /// The delimiters sniffing chooses from, in the order ties are reported.
    static let candidates: [UInt8] = [ASCII.comma, ASCII.semicolon, ASCII.tab]

    /// Whether `byte` can separate fields: ASCII, and not a quote, a line break or NUL.
    static func isUsable(_ byte: UInt8) -> Bool {
        byte > 0 && byte < 0x80 && byte != ASCII.quote
            && byte != ASCII.lineFeed && byte != ASCII.carriageReturn
    }

    /// The caller's delimiter as a byte, or an error when it cannot work.
    static func validated(_ character: Character, source: String) throws(TabularError) -> UInt8 {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, scalar.isASCII,
           isUsable(UInt8(scalar.value)) {
            return UInt8(scalar.value)
        }
        throw TabularError(
            file: source, line: nil,
            message: "cannot use \(quotedForMessage(String(character))) as the delimiter; "
                + "give one ASCII character other than a quote or a line break"
        )
    }

    /// Counts `,` `;` and tab outside quotes on the first non-blank line at or after `start`.
    ///
    /// The most frequent wins; a tie for the top non-zero count is an error; none gives `,`.
    static func sniff(
        _ bytes: [UInt8], from start: Int, line startLine: Int, source: String
    ) throws(TabularError) -> UInt8 {
        var index = start
        var line = startLine
        // Blank lines before the header are skipped by the reader too.
        while index < bytes.count,
              bytes[index] == ASCII.lineFeed || bytes[index] == ASCII.carriageReturn {
            if bytes[index] == ASCII.lineFeed || index + 1 >= bytes.count
                || bytes[index + 1] != ASCII.lineFeed {
                line += 1
            }
            index += 1
        }

        var counts = [Int](repeating: 0, count: candidates.count)
        var quoted = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == ASCII.quote {
                quoted.toggle()
            } else if !quoted, byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                break
            } else if !quoted, let slot = candidates.firstIndex(of: byte) {
                counts[slot] += 1
            }
        }

        let best = counts.max() ?? 0
        guard best > 0 else { return ASCII.comma }
        let tied = candidates.indices.filter { counts[$0] == best }
        if tied.count == 1 { return candidates[tied[0]] }

        let named = tied.map { slot in
            "\(best) \(quotedForMessage(String(UnicodeScalar(candidates[slot]))))"
        }
        let list = named.dropLast().joined(separator: ", ") + " and " + (named.last ?? "")
        throw TabularError(
            file: source, line: line,
            message: "ambiguous delimiter: \(list) in the header; give --delimiter"
        )
    }
}

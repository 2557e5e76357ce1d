/// A character encoding the reader accepts, named as `--encoding` spells it.
///
/// Everything except UTF-8 is converted by glibc `iconv(3)`; see `Internals/Iconv.swift`.
public enum TextEncoding: String, CaseIterable, Sendable {
    /// UTF-8, with or without a byte order mark; the default.
    case utf8 = "utf-8"
    /// Vietnamese Windows ANSI code page: base letters followed by combining tone marks.
    case windows1258 = "windows-1258"
    /// Western European Windows ANSI code page.
    case windows1252 = "windows-1252"
    /// Korean Windows code page (Unified Hangul Code), a superset of EUC-KR.
    case cp949 = "cp949"

    /// Looks an encoding up by name or alias, ignoring case and surrounding spaces.
    ///
    /// Only aliases that glibc converts to the same table are accepted. `euc-kr` is read as
    /// cp949 because every EUC-KR byte sequence means the same in cp949. `latin1` is refused:
    /// ISO 8859-1 and windows-1252 differ in 0x80–0x9F.
    public init?(name: String) {
        let key = name.trimmingSpaces().lowercased()
        switch key {
        case "utf-8", "utf8":
            self = .utf8
        case "windows-1258", "cp1258", "cp-1258", "windows1258":
            self = .windows1258
        case "windows-1252", "cp1252", "cp-1252", "windows1252":
            self = .windows1252
        case "cp949", "cp-949", "windows-949", "ms949", "uhc", "euc-kr", "euckr":
            self = .cp949
        default:
            return nil
        }
    }

    /// The name glibc `iconv_open(3)` knows this encoding by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .windows1258: "CP1258"
        case .windows1252: "CP1252"
        case .cp949: "CP949"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else {
            return ""
        }
        return String(scalars[first...last])
    }
}

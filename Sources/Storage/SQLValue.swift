/// One SQLite value in one of the five storage classes (https://sqlite.org/datatype3.html).
public enum SQLValue: Hashable, Sendable {
    /// SQL NULL.
    case null
    /// A signed 64-bit integer.
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes, possibly empty, possibly holding zero bytes.
    case blob([UInt8])
}

extension SQLValue: CustomStringConvertible {
    /// The storage class and the value, as error messages show it: `text 'abc'`.
    ///
    /// Long text is cut at 40 characters and blobs show only their size, so an error
    /// message never carries a whole document or a key.
    public var description: String {
        switch self {
        case .null:
            return "NULL"
        case .integer(let number):
            return "integer \(number)"
        case .real(let number):
            return "real \(number)"
        case .text(let text):
            let shown = text.count > 40 ? text.prefix(40) + "…" : Substring(text)
            return "text '\(shown)'"
        case .blob(let bytes):
            return bytes.count == 1 ? "blob of 1 byte" : "blob of \(bytes.count) bytes"
        }
    }
}

/// A day's secret key for pseudonyms: 32 random bytes, one per deployment per day, kept only
/// while the day lasts, so pseudonyms cannot be linked across days or reversed by anyone
/// without the key.
public struct PseudonymKey: Sendable, Equatable {
    /// The UTC day the key is for, `YYYY-MM-DD`.
    public let day: String
    public let bytes: [UInt8]

    public init?(day: String, bytes: [UInt8]) {
        guard bytes.count == PseudonymKey.length else { return nil }
        self.day = day
        self.bytes = bytes
    }

    public static let length = 32

    /// A new key from the system's random source.
    public static func generate(day: String) -> PseudonymKey {
        PseudonymKey(day: day, bytes: LibCrypto.randomBytes(length))!
    }
}

/// A device's keyed pseudonym: HMAC-SHA256 of its MAC address under the day's key, truncated to
/// 64 bits. Written as 16 lower-case hex digits.
public struct Pseudonym: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    /// Parses 16 hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.value = value
    }

    public var description: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func < (a: Pseudonym, b: Pseudonym) -> Bool { a.value < b.value }
}

/// Turns MAC addresses into pseudonyms under one day's key, computing each device's once.
///
/// Not thread-safe: the cache is unguarded; use one per thread or per window.
public struct Pseudonymizer {
    public let key: PseudonymKey
    private var cache: [UInt64: Pseudonym] = [:]
    /// The key's HMAC context, made on the first pseudonym and reused for every device.
    private var hmac: LibCrypto.HMACSHA256?

    public init(key: PseudonymKey) {
        self.key = key
    }

    /// The pseudonym of a 6-byte MAC address.
    public mutating func pseudonym(ofMAC mac: [UInt8]) -> Pseudonym {
        precondition(mac.count == 6, "a MAC address is 6 bytes")
        var packed: UInt64 = 0
        for byte in mac { packed = packed << 8 | UInt64(byte) }
        return pseudonym(ofPackedMAC: packed)
    }

    /// The pseudonym of a MAC address packed in the low 48 bits of an integer, first octet
    /// highest (the same pseudonym as `pseudonym(ofMAC:)` of its 6 bytes), without allocating.
    public mutating func pseudonym(ofPackedMAC packed: UInt64) -> Pseudonym {
        precondition(packed >> 48 == 0, "a MAC address is 48 bits")
        if let known = cache[packed] { return known }
        if hmac == nil { hmac = LibCrypto.HMACSHA256(key: key.bytes) }
        // The 6 octets, first octet first: the big-endian integer's last 6 bytes.
        var bigEndian = packed.bigEndian
        let value = withUnsafeBytes(of: &bigEndian) {
            hmac!.prefix64(of: UnsafeRawBufferPointer(rebasing: $0[2..<8]))
        }
        let pseudonym = Pseudonym(value: value)
        cache[packed] = pseudonym
        return pseudonym
    }

    /// Reserves room in the cache for `count` devices.
    public mutating func reserveCapacity(_ count: Int) {
        cache.reserveCapacity(count)
    }

    /// How many distinct devices were seen (and computed once each).
    public var cachedCount: Int { cache.count }
}

/// The cryptography library in use, for `--version` output and logs.
public enum PrivacyLibrary {
    public static var version: String { LibCrypto.version }
}

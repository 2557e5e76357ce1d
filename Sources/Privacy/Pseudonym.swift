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
    private var cache = PseudonymCache()
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
        if let known = cache.value(of: packed) { return Pseudonym(value: known) }
        if hmac == nil { hmac = LibCrypto.HMACSHA256(key: key.bytes) }
        // The 6 octets, first octet first: the big-endian integer's last 6 bytes.
        var bigEndian = packed.bigEndian
        let value = withUnsafeBytes(of: &bigEndian) {
            hmac!.prefix64(of: UnsafeRawBufferPointer(rebasing: $0[2..<8]))
        }
        cache.insert(packed, value)
        return Pseudonym(value: value)
    }

    /// Makes room for `count` devices in all, so that many arrive without the cache growing.
    /// Call it before a run of addresses sorted by hash (an address set walked in slot order):
    /// such a run poured into a small table piles up in its first slots until it grows.
    public mutating func reserveCapacity(_ count: Int) {
        cache.reserveCapacity(count)
    }

    /// How many distinct devices were seen (and computed once each).
    public var cachedCount: Int { cache.count }
}

/// Multiply-shift hashing of 48-bit addresses for open-addressing tables: the address times an
/// odd multiplier, top bits as the slot. The multiplier is drawn at random once per process, so
/// addresses crafted to collide under a known one (a flood of forged source addresses on the
/// air) collide under this one only by chance.
public enum AddressHashing {
    public static let multiplier: UInt64 = UInt64.random(in: .min ... .max) | 1
}

/// MAC to pseudonym, for the per-device path: open addressing with linear probing over one flat
/// array of key/value pairs, hashed by `AddressHashing` instead of `Hasher`'s SipHash. Tables
/// hashed the same way and walked in slot order (Usage's address sets) look their addresses up
/// here in nearly increasing slot order, so the walk reads this table almost sequentially.
struct PseudonymCache {
    /// A key no 48-bit address can be.
    private static let empty = UInt64.max
    /// Keys at even indices, values after them.
    private var pairs: [UInt64] = []
    private var shift: UInt64 = 64
    private let multiplier = AddressHashing.multiplier
    private(set) var count = 0

    func value(of key: UInt64) -> UInt64? {
        guard count > 0 else { return nil }
        return pairs.withUnsafeBufferPointer { pairs in
            let mask = pairs.count / 2 - 1
            var slot = Int(truncatingIfNeeded: (key &* multiplier) >> shift)
            while true {
                let stored = pairs[2 * slot]
                if stored == key { return pairs[2 * slot + 1] }
                if stored == Self.empty { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds a key not in the table yet.
    mutating func insert(_ key: UInt64, _ value: UInt64) {
        // At most three quarters full: 2^18 devices fit in 2^19 slots (8 MiB).
        if 4 * (count + 1) > 3 * (pairs.count / 2) { grow(toHold: count + 1) }
        pairs.withUnsafeMutableBufferPointer { pairs in
            let mask = pairs.count / 2 - 1
            var slot = Int(truncatingIfNeeded: (key &* multiplier) >> shift)
            while pairs[2 * slot] != Self.empty { slot = (slot + 1) & mask }
            pairs[2 * slot] = key
            pairs[2 * slot + 1] = value
        }
        count += 1
    }

    mutating func reserveCapacity(_ count: Int) {
        if 4 * count > 3 * (pairs.count / 2) { grow(toHold: count) }
    }

    /// Doubles the table (1,024 slots at first) until `count` keys fit three quarters full,
    /// and re-inserts every pair.
    private mutating func grow(toHold count: Int) {
        let old = pairs
        var slots = max(1024, old.count)
        while 4 * count > 3 * slots { slots *= 2 }
        pairs = [UInt64](repeating: Self.empty, count: 2 * slots)
        shift = UInt64(64 - slots.trailingZeroBitCount)
        self.count = 0
        for index in stride(from: 0, to: old.count, by: 2) where old[index] != Self.empty {
            insert(old[index], old[index + 1])
        }
    }
}

/// The cryptography library in use, for `--version` output and logs.
public enum PrivacyLibrary {
    public static var version: String { LibCrypto.version }
}

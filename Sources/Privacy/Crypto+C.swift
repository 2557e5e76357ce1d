internal import CCrypto

/// The thin layer over OpenSSL's libcrypto: HMAC-SHA256 and random bytes.
enum LibCrypto {
    /// HMAC-SHA256 of `message` under `key`, via `HMAC(3)` with `EVP_sha256()`.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                digest.withUnsafeMutableBufferPointer { out in
                    HMAC(
                        EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                        messageBytes.baseAddress, messageBytes.count, out.baseAddress, &length)
                }
            }
        }
        // HMAC only fails on allocation failure; there is no safe pseudonym without it.
        precondition(ok != nil && length == 32, "HMAC-SHA256 failed in libcrypto")
        return Array(digest.prefix(Int(length)))
    }

    /// Cryptographically strong random bytes, via `RAND_bytes(3)`.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "RAND_bytes failed: the system has no entropy source")
        return bytes
    }

    /// The OpenSSL version text, e.g. `OpenSSL 3.0.19 …`.
    static var version: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}

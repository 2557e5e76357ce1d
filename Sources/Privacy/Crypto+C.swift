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

    /// An HMAC-SHA256 under one key, set up once and reused for every message: the key's
    /// inner and outer SHA-256 states are computed at set-up (RFC 2104 section 4), so a message
    /// costs two SHA-256 compressions and no allocation (`ketnoi_hmac_sha256` in the shim).
    /// Gives exactly what `hmacSHA256(key:message:)` gives. Not thread-safe.
    final class HMACSHA256 {
        private let state: UnsafeMutablePointer<ketnoi_hmac_sha256_key>

        init(key: [UInt8]) {
            state = .allocate(capacity: 1)
            let ok = key.withUnsafeBufferPointer { keyBytes in
                ketnoi_hmac_sha256_setup(state, keyBytes.baseAddress, keyBytes.count)
            }
            precondition(ok == 1, "HMAC-SHA256 setup failed in libcrypto")
        }

        deinit {
            // The saved states are as good as the key: wipe them before the memory goes back.
            OPENSSL_cleanse(state, MemoryLayout<ketnoi_hmac_sha256_key>.size)
            state.deallocate()
        }

        /// The first 8 bytes of the HMAC of `message`, big-endian.
        func prefix64(of message: UnsafeRawBufferPointer) -> UInt64 {
            var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &digest) { out in
                ketnoi_hmac_sha256(
                    state, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    message.count, out.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
            precondition(ok == 1, "HMAC-SHA256 failed in libcrypto")
            return UInt64(bigEndian: digest.0)
        }
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

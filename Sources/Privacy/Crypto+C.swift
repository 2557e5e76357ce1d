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

    /// An HMAC-SHA256 under one key, set up once (`EVP_MAC_init` with the key) and reused for
    /// every message: re-initialising with no key (`EVP_MAC_init(ctx, NULL, 0, NULL)`) restarts
    /// from the key's saved inner and outer states, so a message costs two SHA-256 blocks
    /// instead of a digest fetch, a key schedule and a context allocation (`EVP_MAC(3)`).
    /// Gives exactly what `hmacSHA256(key:message:)` gives. Not thread-safe.
    final class HMACSHA256 {
        private let mac: OpaquePointer
        private let context: OpaquePointer

        init(key: [UInt8]) {
            guard let mac = EVP_MAC_fetch(nil, "HMAC", nil), let context = EVP_MAC_CTX_new(mac)
            else {
                preconditionFailure("HMAC is not available in libcrypto")
            }
            self.mac = mac
            self.context = context
            var digestName = Array("SHA256".utf8CString)
            let ok = digestName.withUnsafeMutableBufferPointer { name in
                var parameters = [OSSL_PARAM_construct_utf8_string("digest", name.baseAddress, 0),
                                  OSSL_PARAM_construct_end()]
                return key.withUnsafeBufferPointer { keyBytes in
                    EVP_MAC_init(context, keyBytes.baseAddress, keyBytes.count, &parameters)
                }
            }
            precondition(ok == 1, "HMAC-SHA256 setup failed in libcrypto")
        }

        deinit {
            EVP_MAC_CTX_free(context)
            EVP_MAC_free(mac)
        }

        /// The first 8 bytes of the HMAC of `message`, big-endian.
        func prefix64(of message: UnsafeRawBufferPointer) -> UInt64 {
            var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            var length = 0
            let ok = withUnsafeMutableBytes(of: &digest) { out in
                EVP_MAC_init(context, nil, 0, nil) == 1
                    && EVP_MAC_update(
                        context, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        message.count) == 1
                    && EVP_MAC_final(
                        context, out.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        &length, out.count) == 1
            }
            precondition(ok && length == 32, "HMAC-SHA256 failed in libcrypto")
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

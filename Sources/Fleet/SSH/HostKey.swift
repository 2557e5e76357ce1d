/// A server's public host key as pinned in the database: type, key and SHA-256 fingerprint.
public struct HostKey: Sendable, Equatable, Codable {
    /// The key type as libssh names it (`ssh_key_type_to_char`): "ssh-ed25519", "ssh-rsa",
    /// "ecdsa-sha2-nistp256". An RSA key is "ssh-rsa" whichever signature algorithm
    /// (rsa-sha2-512 or rsa-sha2-256) was negotiated, so a pin survives renegotiation.
    public let type: String
    /// The public key blob in base64, as `ssh_pki_export_pubkey_base64` writes it.
    public let base64: String
    /// "SHA256:…" as `ssh-keygen -l` prints it (`ssh_get_fingerprint_hash`).
    public let fingerprint: String

    /// Creates a host key from stored values.
    public init(type: String, base64: String, fingerprint: String) {
        self.type = type
        self.base64 = base64
        self.fingerprint = fingerprint
    }

    /// Whether two keys are the same key: type and key blob, never the fingerprint text alone.
    public func isSameKey(as other: HostKey) -> Bool {
        type == other.type && base64 == other.base64
    }
}

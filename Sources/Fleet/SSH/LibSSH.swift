// The raw libssh 0.10 calls of the SSH client, and nothing else.
//
// Every function here wraps one C function (named in its doc comment) and turns C types into
// Swift ones; policy lives in SSHSession. Manual: https://api.libssh.org/stable/ (read it as
// 0.10.6, the Debian 12 version). `ssh_options_set` takes `const void *` whose pointee width
// depends on the option, so each option gets its own typed method (reference §6.2).

internal import CLibSSH

/// Thin, typed access to the libssh C API; `OpaquePointer`s are `ssh_session`, `ssh_channel`
/// and `ssh_key`.
enum LibSSH {
    /// `SSH_OK`.
    static let ok: Int32 = SSH_OK
    /// `SSH_ERROR`.
    static let error: Int32 = SSH_ERROR
    /// `SSH_AGAIN`.
    static let again: Int32 = SSH_AGAIN
    /// `SSH_EOF`: a stream is at end of file and its buffer is empty.
    static let eof: Int32 = SSH_EOF
    /// `SSH_WRITE_PENDING` bit of `ssh_get_poll_flags`.
    static let writePending: Int32 = SSH_WRITE_PENDING

    // MARK: - Session

    /// `ssh_new`.
    static func newSession() -> OpaquePointer? {
        ssh_new()
    }

    /// `ssh_free`.
    static func free(_ session: OpaquePointer) {
        ssh_free(session)
    }

    /// `ssh_connect` (blocking; bounded by the session timeout).
    static func connect(_ session: OpaquePointer) -> Int32 {
        ssh_connect(session)
    }

    /// `ssh_disconnect`.
    static func disconnect(_ session: OpaquePointer) {
        ssh_disconnect(session)
    }

    /// `ssh_is_connected`.
    static func isConnected(_ session: OpaquePointer) -> Bool {
        ssh_is_connected(session) != 0
    }

    /// `ssh_set_blocking`.
    static func setBlocking(_ session: OpaquePointer, _ blocking: Bool) {
        ssh_set_blocking(session, blocking ? 1 : 0)
    }

    /// `ssh_get_status` has `SSH_CLOSED` or `SSH_CLOSED_ERROR`: the peer hung up or the
    /// session failed.
    static func isClosed(_ session: OpaquePointer) -> Bool {
        ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR) != 0
            || ssh_is_connected(session) == 0
    }

    /// `ssh_get_error`: the last error text of the session.
    static func errorText(_ session: OpaquePointer) -> String {
        guard let text = ssh_get_error(UnsafeMutableRawPointer(session)) else { return "" }
        return String(cString: text)
    }

    /// `ssh_get_serverbanner`: nil until the server sent its identification string.
    static func serverBanner(_ session: OpaquePointer) -> String? {
        ssh_get_serverbanner(session).map { String(cString: $0) }
    }

    /// `ssh_get_fd`: the session's socket, -1 when there is none.
    static func socket(_ session: OpaquePointer) -> Int32 {
        ssh_get_fd(session)
    }

    /// `ssh_get_poll_flags`.
    static func pollFlags(_ session: OpaquePointer) -> Int32 {
        ssh_get_poll_flags(session)
    }

    // MARK: - Options (`ssh_options_set`)

    /// `ssh_options_set` with a `const char *` option.
    private static func set(
        _ session: OpaquePointer, _ option: ssh_options_e, _ value: String
    ) -> Bool {
        ssh_options_set(session, option, value) == SSH_OK
    }

    /// `ssh_options_set(SSH_OPTIONS_HOST, const char *)`.
    static func setHost(_ session: OpaquePointer, _ host: String) -> Bool {
        set(session, SSH_OPTIONS_HOST, host)
    }

    /// `ssh_options_set(SSH_OPTIONS_USER, const char *)`.
    static func setUser(_ session: OpaquePointer, _ user: String) -> Bool {
        set(session, SSH_OPTIONS_USER, user)
    }

    /// `ssh_options_set(SSH_OPTIONS_PORT, unsigned int *)`.
    static func setPort(_ session: OpaquePointer, _ port: UInt32) -> Bool {
        var value = port
        return ssh_options_set(session, SSH_OPTIONS_PORT, &value) == SSH_OK
    }

    /// `ssh_options_set(SSH_OPTIONS_KNOWNHOSTS / SSH_OPTIONS_GLOBAL_KNOWNHOSTS, const char *)`.
    static func setKnownHostsFiles(_ session: OpaquePointer, _ path: String) -> Bool {
        set(session, SSH_OPTIONS_KNOWNHOSTS, path)
            && set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, path)
    }

    /// `ssh_options_set(SSH_OPTIONS_HOSTKEYS, const char *)`: accepted host key algorithms.
    static func setHostKeyAlgorithms(_ session: OpaquePointer, _ list: String) -> Bool {
        set(session, SSH_OPTIONS_HOSTKEYS, list)
    }

    /// `ssh_options_set(SSH_OPTIONS_PROCESS_CONFIG, bool *)`.
    static func setProcessConfig(_ session: OpaquePointer, _ enabled: Bool) -> Bool {
        var value = enabled
        return ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &value) == SSH_OK
    }

    /// `ssh_options_set(SSH_OPTIONS_STRICTHOSTKEYCHECK, int *)`.
    static func setStrictHostKeyCheck(_ session: OpaquePointer, _ enabled: Bool) -> Bool {
        var value: Int32 = enabled ? 1 : 0
        return ssh_options_set(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &value) == SSH_OK
    }

    /// `ssh_options_set(SSH_OPTIONS_TIMEOUT and SSH_OPTIONS_TIMEOUT_USEC, long *)`.
    ///
    /// libssh adds the two (`ssh_make_milliseconds`); both zero means "wait forever", so the
    /// caller must pass at least one millisecond.
    static func setTimeout(_ session: OpaquePointer, milliseconds: Int) -> Bool {
        var seconds: Int = milliseconds / 1000  // C `long` is `Int` on LP64 Linux.
        var microseconds: Int = (milliseconds % 1000) * 1000
        return ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds) == SSH_OK
            && ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &microseconds) == SSH_OK
    }

    // MARK: - Keys

    /// `ssh_get_server_publickey`; the key must be released with `freeKey`.
    static func serverPublicKey(_ session: OpaquePointer) -> OpaquePointer? {
        var key: OpaquePointer?
        guard ssh_get_server_publickey(session, &key) == SSH_OK else { return nil }
        return key
    }

    /// `ssh_key_free`.
    static func freeKey(_ key: OpaquePointer) {
        ssh_key_free(key)
    }

    /// `ssh_key_type` + `ssh_key_type_to_char`: "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256".
    static func keyTypeName(_ key: OpaquePointer) -> String? {
        ssh_key_type_to_char(ssh_key_type(key)).map { String(cString: $0) }
    }

    /// `ssh_pki_export_pubkey_base64`, freed with `ssh_string_free_char`.
    static func publicKeyBase64(_ key: OpaquePointer) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        guard ssh_pki_export_pubkey_base64(key, &text) == SSH_OK, let text else { return nil }
        defer { ssh_string_free_char(text) }
        return String(cString: text)
    }

    /// `ssh_get_publickey_hash(SSH_PUBLICKEY_HASH_SHA256)` + `ssh_get_fingerprint_hash`:
    /// "SHA256:…" as `ssh-keygen -l` prints it.
    static func sha256Fingerprint(_ key: OpaquePointer) -> String? {
        var hash: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == 0,
              hash != nil
        else { return nil }
        defer { ssh_clean_pubkey_hash(&hash) }
        guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length)
        else { return nil }
        defer { ssh_string_free_char(text) }
        return String(cString: text)
    }

    /// Result of `ssh_pki_import_privkey_file`.
    enum KeyImport {
        case key(OpaquePointer)
        /// `SSH_EOF`: the file does not exist or cannot be read.
        case unreadable
        /// `SSH_ERROR`: not a key, or encrypted.
        case invalid
    }

    /// `ssh_pki_import_privkey_file` without a passphrase.
    static func importPrivateKey(path: String) -> KeyImport {
        var key: OpaquePointer?
        let rc = ssh_pki_import_privkey_file(path, nil, nil, nil, &key)
        if rc == SSH_OK, let key { return .key(key) }
        return rc == SSH_EOF ? .unreadable : .invalid
    }

    // MARK: - Authentication

    /// The `ssh_auth_e` answers of the `ssh_userauth_*` functions.
    enum AuthResult {
        case success, denied, partial, again, error
        init(_ code: Int32) {
            switch code {
            case SSH_AUTH_SUCCESS.rawValue: self = .success
            case SSH_AUTH_DENIED.rawValue: self = .denied
            case SSH_AUTH_PARTIAL.rawValue: self = .partial
            case SSH_AUTH_AGAIN.rawValue: self = .again
            default: self = .error
            }
        }
    }

    /// `ssh_userauth_publickey` (user from `SSH_OPTIONS_USER`).
    static func authenticate(_ session: OpaquePointer, privateKey: OpaquePointer) -> AuthResult {
        AuthResult(ssh_userauth_publickey(session, nil, privateKey))
    }

    /// `ssh_userauth_agent` (needs `SSH_AUTH_SOCK`).
    static func authenticateWithAgent(_ session: OpaquePointer) -> AuthResult {
        AuthResult(ssh_userauth_agent(session, nil))
    }

    /// `ssh_userauth_password`; `password` is NUL-terminated and owned by the caller.
    static func authenticate(
        _ session: OpaquePointer, password: UnsafePointer<CChar>
    ) -> AuthResult {
        AuthResult(ssh_userauth_password(session, nil, password))
    }

    // MARK: - Channels

    /// `ssh_channel_new`.
    static func newChannel(_ session: OpaquePointer) -> OpaquePointer? {
        ssh_channel_new(session)
    }

    /// `ssh_channel_open_session`.
    static func openSession(_ channel: OpaquePointer) -> Int32 {
        ssh_channel_open_session(channel)
    }

    /// `ssh_channel_request_exec`.
    static func requestExec(_ channel: OpaquePointer, _ command: String) -> Int32 {
        ssh_channel_request_exec(channel, command)
    }

    /// `ssh_channel_send_eof`.
    static func sendEOF(_ channel: OpaquePointer) -> Int32 {
        ssh_channel_send_eof(channel)
    }

    /// `ssh_channel_poll`: bytes buffered on a stream, 0, `SSH_EOF` or `SSH_ERROR`.
    ///
    /// When the stream's buffer is empty it first processes whatever packets have already
    /// arrived, without waiting.
    static func poll(_ channel: OpaquePointer, stderr: Bool) -> Int32 {
        ssh_channel_poll(channel, stderr ? 1 : 0)
    }

    /// `ssh_channel_read_nonblocking`: up to `count` buffered bytes of one stream.
    static func readNonblocking(
        _ channel: OpaquePointer, into buffer: UnsafeMutableRawPointer, count: Int, stderr: Bool
    ) -> Int32 {
        ssh_channel_read_nonblocking(channel, buffer, UInt32(count), stderr ? 1 : 0)
    }

    /// `ssh_channel_is_eof`.
    static func isEOF(_ channel: OpaquePointer) -> Bool {
        ssh_channel_is_eof(channel) != 0
    }

    /// `ssh_channel_get_exit_status`: waits (session timeout) for the status or the close;
    /// -1 when none arrived, which is also `SSH_ERROR`.
    static func exitStatus(_ channel: OpaquePointer) -> Int32 {
        ssh_channel_get_exit_status(channel)
    }

    /// `ssh_channel_close`.
    static func close(_ channel: OpaquePointer) {
        _ = ssh_channel_close(channel)
    }

    /// `ssh_channel_free`.
    static func freeChannel(_ channel: OpaquePointer) {
        ssh_channel_free(channel)
    }

    // MARK: - Logging

    /// `ssh_set_log_callback` + `ssh_set_log_level(SSH_LOG_WARNING)`; process-global.
    static func installLogCallback(
        _ callback: @convention(c) (
            Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?
        ) -> Void
    ) {
        _ = ssh_set_log_callback(callback)
        _ = ssh_set_log_level(Int32(SSH_LOG_WARNING))
    }
}

import CCrypto
import CLibSSH
import CPcap
import CSQLite
import Testing

/// The Debian libraries the package links are present, found through pkg-config, and of the
/// versions the code is written for (DESIGN.md, "Decisions").
@Suite struct SystemLibraryTests {
    @Test func sqliteIsThreeFortyOrLater() {
        #expect(sqlite3_libversion_number() >= 3_040_000)
        #expect(sqlite3_threadsafe() != 0)
    }

    @Test func libpcapIsOneTen() {
        let version = String(cString: pcap_lib_version())
        #expect(version.hasPrefix("libpcap version 1.10"))
    }

    @Test func libsshIsZeroTen() {
        // ssh_version returns nil when the library is older than asked for.
        #expect(ssh_version(Int32((0 << 16) | (10 << 8) | 0)) != nil)
        let version = String(cString: ssh_version(0))
        #expect(version.hasPrefix("0.10"))
    }

    @Test func libcryptoIsOpenSSLThree() {
        #expect(OpenSSL_version_num() >= 0x3000_0000)
    }
}

import Foundation
import Testing

@Suite struct InventoryLockTests {
    /// A second inventory on the same database is refused while the first runs (exit 75).
    @Test func aSecondInventoryWaitsItsTurn() throws {
        let sandbox = try Sandbox()
        try sandbox.createDatabase()
        let lockPath = sandbox.database + ".inventory.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)

        let refused = try sandbox.run(["inventory"])
        #expect(refused.status == 75, "\(refused)")
        #expect(
            refused.stderrLines == [
                "ketnoi: error: another inventory is running on this database; "
                    + "try again when it has finished"
            ])

        flock(descriptor, LOCK_UN)
        let alone = try sandbox.run(["inventory"])
        #expect(alone.status == 0, "\(alone)")
        #expect(
            alone.stderrLines == [
                "ketnoi: warning: no enabled access points to visit; "
                    + "import them with 'ketnoi aps import FILE'"
            ])
    }
}

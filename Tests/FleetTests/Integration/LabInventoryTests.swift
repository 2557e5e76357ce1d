import Fleet
import Foundation
import Lab
import Storage
import Testing

/// Inventory against the lab: real sshd, real libssh, real SQLite.
@Suite(.serialized) struct LabInventoryTests {
    @Test func twentyLabAccessPointsAreInventoried() throws {
        let lab = try LabFixture(count: 20, firmware: .mixed)
        let run = try lab.inventory { $0.concurrency = 8 }

        #expect(run.outcomes.count == 20)
        #expect(
            run.answered == 20,
            "\(run.outcomes.filter { !$0.snapshot.answered }.map { ($0.accessPoint.name, $0.snapshot.reason ?? "") })"
        )
        for outcome in run.outcomes {
            let snapshot = outcome.snapshot
            #expect(snapshot.result == "ok", "\(outcome.accessPoint.name): \(snapshot.warnings)")
            #expect(snapshot.system.model != nil)
            #expect(snapshot.system.firmwareVersion != nil)
            #expect((snapshot.system.uptimeSeconds ?? 0) > 0)
            #expect(!snapshot.radios.isEmpty)
            #expect((snapshot.clients ?? -1) <= (snapshot.stations ?? -1))
            #expect(outcome.changes.map(\.field) == ["hostkey pinned"])
        }
        let families = Set(run.outcomes.compactMap(\.snapshot.system.firmware))
        #expect(families == ["OpenWrt", "RouterOS", "UniFi"])

        // Each AP's key is pinned as the lab's sshd presents it.
        for ap in lab.state.aps {
            #expect(
                try AccessPointStore(lab.db).pinnedKey(name: ap.name)?.fingerprint
                    == ap.hostKeyFingerprint)
        }
        let stored = try lab.db.scalar(
            Int.self, "SELECT count(*) FROM snapshots WHERE result = 'ok'")
        #expect(stored == 20)
    }

    @Test func eachFaultYieldsItsNamedStateWhileTheOthersSucceed() throws {
        let lab = try LabFixture(count: 9)
        let first = try lab.inventory()
        #expect(first.answered == 9)

        try lab.fault(0, .hang)
        try lab.fault(1, .slow(seconds: 20))
        try lab.fault(2, .garbage)
        try lab.fault(3, .garbage)
        try lab.fault(4, .hostKeyChanged)
        try lab.fault(5, .wrongKey)
        let clock = ContinuousClock()
        let started = clock.now
        let run = try lab.inventory {
            $0.failuresBeforeDown = 1
            $0.timeouts.overall = .seconds(10)
        }
        // An AP that never answers cannot hold a worker past its deadline.
        #expect(clock.now - started < .seconds(14))

        func result(_ name: String) -> String? { run.outcome(name)?.snapshot.result }
        #expect(result("lab-ap-001") == "timeout")
        #expect(result("lab-ap-002") == "timeout")
        #expect(result("lab-ap-003") == "parse-error")
        #expect(result("lab-ap-004") == "parse-error")
        #expect(result("lab-ap-005") == "hostkey-mismatch")
        #expect(result("lab-ap-006") == "auth-failed")
        #expect(result("lab-ap-007") == "ok")
        #expect(result("lab-ap-008") == "ok")
        #expect(result("lab-ap-009") == "ok")
        #expect(
            run.outcome("lab-ap-006")?.snapshot.reason?.contains("client_ed25519: denied") == true)

        let states = Dictionary(
            uniqueKeysWithValues: try FleetStatus(lab.db).all().map { ($0.name, $0.state) })
        #expect(states["lab-ap-001"] == "timeout")
        #expect(states["lab-ap-005"] == "hostkey-mismatch")
        #expect(states["lab-ap-009"] == "ok")
    }

    /// Outputs over the cap are cut and reported, and the AP still answers (degraded). Given
    /// time of its own: 2 MiB per command is slow to make and move on a loaded 2-core machine.
    @Test func hugeOutputIsCutAndReported() throws {
        let lab = try LabFixture(count: 2)
        try lab.fault(0, .huge)
        let run = try lab.inventory {
            $0.timeouts = SSHTimeouts(
                connect: .seconds(5), authentication: .seconds(10), command: .seconds(30),
                overall: .seconds(120))
        }
        #expect(run.outcome("lab-ap-001")?.snapshot.result == "degraded")
        #expect(
            run.outcome("lab-ap-001")?.snapshot.reason?.hasPrefix("output over 1048576 bytes cut: ")
                == true)
        #expect(run.outcome("lab-ap-002")?.snapshot.result == "ok")
    }

    @Test func oneFailureDoesNotCallAnAccessPointDown() throws {
        let lab = try LabFixture(count: 2)
        _ = try lab.inventory()
        try lab.fault(0, .hang)

        let once = try lab.inventory()
        #expect(once.outcome("lab-ap-001")?.snapshot.result == "timeout")
        #expect(once.outcome("lab-ap-001")?.state == "ok")
        #expect(
            once.outcome("lab-ap-001")?.stateReason?.hasPrefix("1 of 2 failures before timeout: ")
                == true)

        let twice = try lab.inventory()
        #expect(twice.outcome("lab-ap-001")?.state == "timeout")
        #expect(twice.outcome("lab-ap-002")?.state == "ok")
    }

    @Test func aChangedHostKeyIsRefusedUntilRepinned() throws {
        let lab = try LabFixture(count: 2)
        _ = try lab.inventory()
        let old = try #require(try AccessPointStore(lab.db).pinnedKey(name: "lab-ap-001"))
        try lab.fault(0, .hostKeyChanged)
        let new = try #require(try Lab.status(directory: lab.state.directory).aps.first)
            .hostKeyFingerprint
        #expect(new != old.fingerprint)

        let refused = try lab.inventory()
        #expect(refused.outcome("lab-ap-001")?.snapshot.result == "hostkey-mismatch")
        #expect(refused.outcome("lab-ap-001")?.snapshot.reason
            == "The host key changed: pinned \(old.fingerprint), presented \(new).")
        // Still refused on the next run: nothing re-pins by itself.
        #expect(try lab.inventory().outcome("lab-ap-001")?.snapshot.result == "hostkey-mismatch")

        // A fingerprint that is not the presented one changes nothing.
        #expect(throws: InventoryError.self) {
            try HostKeyRepin(lab.db).repin(name: "lab-ap-001", fingerprint: old.fingerprint)
        }
        let change = try HostKeyRepin(lab.db).repin(name: "lab-ap-001", fingerprint: new)
        #expect(change == Change(field: "hostkey re-pinned", before: old.fingerprint, after: new))

        #expect(try lab.inventory().outcome("lab-ap-001")?.snapshot.result == "ok")
        let history = try FleetStatus(lab.db).history(name: "lab-ap-001").map(\.field)
        #expect(history == ["hostkey pinned", "hostkey re-pinned"])
    }
}

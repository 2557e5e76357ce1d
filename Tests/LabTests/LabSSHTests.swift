// Labs brought up for real and driven with OpenSSH's own `ssh` client.

import Foundation
import Testing

@testable import Lab

@Suite(.serialized) struct LabSSHTests {
    @Test func mixedLabAnswersOverSSH() throws {
        try LabTestSupport.withLab("mixed", count: 3, firmware: .mixed) { state in
            #expect(state.aps.map(\.firmware) == [.openwrt, .routeros, .unifi])
            #expect(Set(state.aps.map(\.port)).count == 3)

            let board = try LabTestSupport.ssh(state, state.aps[0], "ubus call system board")
            #expect(board.status == 0, "\(board.stderr)")
            let json = try #require(LabTestSupport.json(board.stdout))
            #expect(json["hostname"] as? String == "lab-ap-001")
            let local = Lab.answer(
                directory: state.directory, ap: "lab-ap-001",
                command: "ubus call system board")
            #expect(board.stdout == local.stdout)

            let identity = try LabTestSupport.ssh(
                state, state.aps[1],
                "/system identity print without-paging")
            #expect(identity.text == "  name: lab-ap-002\n")
            let dump = try LabTestSupport.ssh(state, state.aps[2], "mca-dump")
            #expect(LabTestSupport.json(dump.stdout)?["hostname"] as? String == "lab-ap-003")

            // OpenWrt streams a capture; the interface outside the CSV does not exist.
            let capture = try LabTestSupport.ssh(
                state, state.aps[0], "tcpdump -i phy0-ap0 -U -s 128 -w -")
            #expect(capture.status == 0)
            #expect(capture.stderr.contains("tcpdump: listening on phy0-ap0, link-type EN10MB"))
            let missing = try LabTestSupport.ssh(
                state, state.aps[0], "tcpdump -i phy1-ap0 -U -s 128 -w -")
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("tcpdump: phy1-ap0: No such device exists"))
        }
    }

    @Test func labFilesMatchWhatOpenSSHSees() throws {
        try LabTestSupport.withLab("files", count: 3, firmware: .mixed) { state in
            let paths = LabPaths(state.directory)
            for ap in state.aps {
                let fromKeygen = try LabTestSupport.fingerprint(paths.hostKey(ap.name) + ".pub")
                #expect(ap.hostKeyFingerprint == fromKeygen)
                #expect(try LabTestSupport.presentedFingerprint(port: ap.port) == fromKeygen)
                let keys = try String(
                    contentsOfFile: paths.authorizedKeys(ap.name), encoding: .utf8)
                #expect(
                    keys.hasPrefix(
                        "command=\"\(LabTestSupport.answerClient) --dir "
                            + "\(state.directory) --ap \(ap.name)\",no-pty,"))
                let config = try String(contentsOfFile: paths.sshdConfig(ap.name), encoding: .utf8)
                #expect(config.contains("\nPort \(ap.port)\n"))
                #expect(config.contains("\nListenAddress 127.0.0.1\n"))
            }
            let csv = try String(contentsOfFile: state.accessPointsCSV, encoding: .utf8)
            let lines = csv.split(separator: "\n")
            #expect(lines[0] == "name,hotspot,address,port,user,firmware,credential,interface")
            #expect(
                lines[2] == "lab-ap-002,,127.0.0.1,\(state.aps[1].port),\(LabTestSupport.user),"
                    + "routeros,key:\(state.directory)/client_ed25519,wlan1")
            #expect(lines.count == 4)
            let reloaded = try Lab.status(directory: state.directory)
            #expect(reloaded.aps.map(\.port) == state.aps.map(\.port))
            #expect(reloaded.aps.allSatisfy { Lab.isRunning(pid: $0.pid) })
        }
    }

    @Test func eachFaultIsSeenByTheOpenSSHClient() throws {
        try LabTestSupport.withLab("faults", count: 7, firmware: .openwrt) { state in
            let dir = state.directory
            let original = state.aps[4].hostKeyFingerprint
            _ = try Lab.setFault(directory: dir, ap: "lab-ap-001", fault: .hang)
            _ = try Lab.setFault(directory: dir, ap: "lab-ap-002", fault: .slow(seconds: 2))
            _ = try Lab.setFault(directory: dir, ap: "lab-ap-003", fault: .huge)
            _ = try Lab.setFault(directory: dir, ap: "lab-ap-004", fault: .garbage)
            let rekeyed = try Lab.setFault(directory: dir, ap: "lab-ap-005", fault: .hostKeyChanged)
            _ = try Lab.setFault(directory: dir, ap: "lab-ap-006", fault: .wrongKey)
            let aps = try Lab.status(directory: dir).aps

            let hang = try LabTestSupport.ssh(
                state, aps[0], "ubus call system board", connectTimeout: 2)
            #expect(hang.status == 255)
            #expect(hang.stderr.contains("timed out during banner exchange"), "\(hang.stderr)")
            #expect(hang.seconds < 10)

            let slow = try LabTestSupport.ssh(state, aps[1], "ubus call system board")
            #expect(slow.status == 0)
            #expect(slow.seconds >= 2)

            let huge = try LabTestSupport.ssh(state, aps[2], "iw dev phy0-ap0 station dump")
            #expect(huge.status == 0)
            #expect(huge.stdout.count >= 2 * 1_048_576)

            let garbage = try LabTestSupport.ssh(state, aps[3], "ubus call system board")
            #expect(garbage.status == 0)
            #expect(garbage.stdout.contains(0))
            #expect(String(validating: garbage.stdout, as: UTF8.self) == nil)

            #expect(rekeyed.hostKeyFingerprint != original)
            #expect(
                try LabTestSupport.presentedFingerprint(port: aps[4].port)
                    == rekeyed.hostKeyFingerprint)
            #expect(
                try Lab.status(directory: dir).aps[4].hostKeyFingerprint
                    == rekeyed.hostKeyFingerprint)

            let denied = try LabTestSupport.ssh(state, aps[5], "ubus call system board")
            #expect(denied.status == 255)
            #expect(denied.stderr.contains("Permission denied"), "\(denied.stderr)")
            let other = try LabTestSupport.ssh(
                state, aps[5], "ubus call system board",
                key: state.directory + "/other_ed25519")
            #expect(other.status == 0)

            let healthy = try LabTestSupport.ssh(state, aps[6], "ubus call system info")
            #expect(LabTestSupport.json(healthy.stdout)?["uptime"] is Int)

            // Back to normal: the sshd returns on the same port, the key is accepted again.
            let restored = try Lab.setFault(directory: dir, ap: "lab-ap-001", fault: .none)
            #expect(restored.port == aps[0].port)
            #expect(try LabTestSupport.ssh(state, restored, "ubus call system board").status == 0)
            _ = try Lab.setFault(directory: dir, ap: "lab-ap-006", fault: .none)
            #expect(try LabTestSupport.ssh(state, aps[5], "ubus call system board").status == 0)
        }
    }

    @Test func downStopsEverySSHDAndIsIdempotent() throws {
        let directory = LabTestSupport.temporaryDirectory("down")
        defer { LabTestSupport.discard(directory) }
        let state = try Lab.up(LabTestSupport.options(directory, count: 3, firmware: .openwrt))
        _ = try Lab.setFault(directory: directory, ap: "lab-ap-002", fault: .hang)
        let pids = try Lab.status(directory: directory).aps.map(\.pid)
        #expect(pids.allSatisfy { Lab.isRunning(pid: $0) })

        #expect(try Lab.down(directory: directory) == 3)
        #expect(pids.allSatisfy { !Lab.isRunning(pid: $0) })
        #expect(sshdProcesses(mentioning: directory).isEmpty)
        #expect(state.aps.allSatisfy { !Lab.isRunning(pid: $0.pid) })
        #expect(try Lab.down(directory: directory) == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/aps/lab-ap-001/sshd.log"))
        #expect(try Lab.status(directory: directory).aps.allSatisfy { $0.pid == 0 })

        // A lab that is down can come up again in the same directory.
        let again = try Lab.up(LabTestSupport.options(directory, count: 2, firmware: .openwrt))
        #expect(try LabTestSupport.ssh(again, again.aps[1], "ubus call system board").status == 0)
    }

    @Test func secondUpInTheSameDirectoryFails() throws {
        try LabTestSupport.withLab("twice", count: 1, firmware: .openwrt) { state in
            let options = LabTestSupport.options(state.directory, count: 1, firmware: .openwrt)
            #expect {
                _ = try Lab.up(options)
            } throws: { error in
                "\(error)".hasPrefix(
                    "a lab is already up in \(state.directory) (1 processes running)")
            }
            let pid = try Lab.status(directory: state.directory).aps[0].pid
            #expect(Lab.isRunning(pid: pid))
        }
    }

    @Test func twentyAccessPointsComeUpInSeconds() throws {
        let directory = LabTestSupport.temporaryDirectory("twenty")
        defer { LabTestSupport.discard(directory) }
        let start = Date()
        let state = try Lab.up(LabTestSupport.options(directory, count: 20, firmware: .mixed))
        let seconds = Date().timeIntervalSince(start)
        print("lab up: 20 access points in \(String(format: "%.2f", seconds)) s")
        #expect(state.aps.count == 20)
        #expect(seconds < 10)
        for ap in [state.aps[0], state.aps[19]] {
            let command =
                ap.firmware == .openwrt
                ? "ubus call system board"
                : ap.firmware == .routeros ? "/system identity print without-paging" : "mca-dump"
            #expect(try LabTestSupport.ssh(state, ap, command).status == 0)
        }
        let downStart = Date()
        #expect(try Lab.down(directory: directory) == 20)
        let downSeconds = Date().timeIntervalSince(downStart)
        print("lab down: 20 access points in \(String(format: "%.2f", downSeconds)) s")
    }

    @Test func upThatFailsHalfwayStopsWhatItStarted() throws {
        let directory = LabTestSupport.temporaryDirectory("halfway")
        defer { LabTestSupport.discard(directory) }
        // A directory where lab-ap-003's sshd log should be: that sshd cannot start.
        try FileManager.default.createDirectory(
            atPath: directory + "/aps/lab-ap-003/sshd.log",
            withIntermediateDirectories: true)
        #expect {
            _ = try Lab.up(LabTestSupport.options(directory, count: 4, firmware: .openwrt))
        } throws: { error in
            "\(error)".hasPrefix(
                "sshd for lab-ap-003 did not start (log \(directory)/aps/lab-ap-003/sshd.log)")
        }
        #expect(sshdProcesses(mentioning: directory).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/lab.json"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/answer.sock"))
        let marker = Lab.answerServerMarker(LabPaths(directory))
        #expect(Syscalls.processes(containing: marker).isEmpty)
    }

    /// Every process whose command line names `directory`.
    func sshdProcesses(mentioning directory: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return false
            }
            let text = String(decoding: data, as: UTF8.self)
            return text.contains(directory + "/") && Lab.isRunning(pid: pid)
        }
    }

    @Test func badOptionsAreRefusedBeforeAnythingStarts() throws {
        let directory = LabTestSupport.temporaryDirectory("bad")
        defer { LabTestSupport.discard(directory) }
        var options = LabTestSupport.options(directory, count: 2, firmware: .openwrt)
        options.executable = "relative/ketnoi"
        #expect(throws: LabError.self) { try Lab.up(options) }
        options.executable = LabTestSupport.executable
        options.count = 0
        #expect(throws: LabError.self) { try Lab.up(options) }
    }
}

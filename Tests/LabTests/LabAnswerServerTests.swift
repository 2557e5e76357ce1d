// The answer server (`ketnoi lab serve`) and its client (`ketnoi-lab-answer`): the same
// bytes as `Lab.answer`, faults without a restart, many clients at once, hostile clients,
// and the server's place in `up`, `status` and `down`.

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import Lab

/// A lab directory holding only `lab.json` (no keys, no sshd) and an answer server for it.
final class ServedLab {
    let paths: LabPaths
    private(set) var state: LabState
    let pid: Int32

    init(_ label: String, count: Int, firmware: LabFirmware) throws {
        paths = LabPaths(LabTestSupport.temporaryDirectory(label))
        let started = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3_600).rounded())
        let aps = (0..<count).map { index in
            LabAP(
                name: Lab.apName(index: index), firmware: firmware.firmware(at: index),
                port: 20_000 + index, hostKeyFingerprint: "SHA256:test", pid: 0, fault: .none)
        }
        state = LabState(
            directory: paths.directory, started: started, seed: 3, aps: aps,
            clientKeyPath: paths.clientKey, accessPointsCSV: paths.accessPointsCSV,
            executable: LabTestSupport.executable)
        try LabStore.save(state)
        pid = try Lab.startAnswerServer(paths, executable: LabTestSupport.executable)
        try Lab.waitForAnswerServer(paths, pid: pid)
    }

    var directory: String { paths.directory }

    var isServing: Bool { Syscalls.isRunning(pid, marker: Lab.answerServerMarker(paths)) }

    /// Switches a fault the way `lab fault` does for answers: by rewriting `lab.json`.
    func setFault(_ index: Int, _ fault: LabFault) throws {
        state.aps[index].fault = fault
        try LabStore.save(state)
    }

    /// Runs `ketnoi-lab-answer` as sshd would, with `command` in SSH_ORIGINAL_COMMAND.
    func ask(_ ap: String, _ command: String?) throws -> LabTestSupport.Run {
        try LabTestSupport.run(
            [LabTestSupport.answerClient, "--dir", directory, "--ap", ap],
            environment: ServedLab.environment(command))
    }

    static func environment(_ command: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_ORIGINAL_COMMAND"] = command
        return environment
    }

    deinit {
        Lab.stopAnswerServer(paths)
        try? FileManager.default.removeItem(atPath: paths.directory)
    }
}

@Suite(.serialized) struct LabAnswerServerTests {
    /// Asks through the client until `Lab.answer` gave the same bytes just before and just
    /// after (answers change with the second and the station window), then compares.
    func expectSameAnswer(
        _ lab: ServedLab, _ ap: String, _ command: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for _ in 0..<5 {
            let before = Lab.answer(state: lab.state, ap: ap, command: command, now: Date())
            let served = try lab.ask(ap, command)
            let after = Lab.answer(state: lab.state, ap: ap, command: command, now: Date())
            guard before.stdout == after.stdout, before.stderr == after.stderr else { continue }
            #expect(served.stdout == before.stdout, "\(ap) \(command ?? "nil")",
                sourceLocation: sourceLocation)
            #expect(served.stderr == String(decoding: before.stderr, as: UTF8.self),
                sourceLocation: sourceLocation)
            #expect(served.status == before.exitStatus, "\(ap) \(command ?? "nil")",
                sourceLocation: sourceLocation)
            return
        }
        Issue.record("the answer of \(ap) to \(command ?? "nil") never held still",
            sourceLocation: sourceLocation)
    }

    // MARK: - Answers

    @Test func serverAnswersTheSameBytesAsLabAnswerForEachFirmware() throws {
        let lab = try ServedLab("serve-same", count: 6, firmware: .mixed)
        #expect(lab.state.aps.map(\.firmware) == [
            .openwrt, .routeros, .unifi, .openwrt, .openwrt, .openwrt,
        ])
        for command in LabAnswerTests.openWrtCommands {
            try expectSameAnswer(lab, "lab-ap-001", command)
        }
        // The fifth AP's SSID is not UTF-8: bytes must pass untouched.
        try expectSameAnswer(lab, "lab-ap-005", "ubus call network.wireless status")
        for command in LabAnswerTests.routerOSCommands + ["ubus call system board"] {
            try expectSameAnswer(lab, "lab-ap-002", command)
        }
        for command in ["mca-dump", "iwinfo"] {
            try expectSameAnswer(lab, "lab-ap-003", command)
        }
        try expectSameAnswer(lab, "lab-ap-001", "tcpdump -i phy0-ap0 -U -s 128 -w -")
        try expectSameAnswer(lab, "lab-ap-001", nil)
        try expectSameAnswer(lab, "lab-ap-001", "  \t ")
        try expectSameAnswer(lab, "lab-ap-099", "ubus call system board")

        let missing = try lab.ask("lab-ap-099", "ubus call system board")
        #expect(missing.status == 1)
        #expect(missing.stderr == "lab: no access point lab-ap-099 in \(lab.directory)\n")
    }

    @Test func faultsApplyWithoutRestartingTheServer() throws {
        let lab = try ServedLab("serve-faults", count: 2, firmware: .openwrt)

        try lab.setFault(0, .garbage)
        try expectSameAnswer(lab, "lab-ap-001", "ubus call system board")
        let garbage = try lab.ask("lab-ap-001", "ubus call system board")
        #expect(garbage.status == 0)
        #expect(garbage.stdout.count == 16_384)
        #expect(garbage.stdout.contains(0))
        #expect(String(validating: garbage.stdout, as: UTF8.self) == nil)

        try lab.setFault(0, .slow(seconds: 1))
        let slow = try lab.ask("lab-ap-001", "ubus call system board")
        #expect(slow.status == 0)
        #expect(slow.seconds >= 1)
        #expect(LabTestSupport.json(slow.stdout)?["hostname"] as? String == "lab-ap-001")

        try lab.setFault(0, .huge)
        let huge = try lab.ask("lab-ap-001", "iw dev phy0-ap0 station dump")
        #expect(huge.status == 0)
        #expect(huge.stdout.count >= Lab.hugeOutputBytes)

        try lab.setFault(0, .none)
        let healthy = try lab.ask("lab-ap-001", "ubus call system board")
        #expect(healthy.seconds < 1)
        #expect(LabTestSupport.json(healthy.stdout)?["hostname"] as? String == "lab-ap-001")
        #expect(lab.isServing)
    }

    @Test func stateCacheSeesTwoWritesInTheSameClockTick() throws {
        let lab = try ServedLab("serve-cache", count: 1, firmware: .openwrt)
        let cache = LabStateCache(lab.paths)
        #expect(try cache.current().get().aps[0].fault == .none)
        // slow:1 and slow:2 have the same size; written at once, they share the mtime tick.
        try lab.setFault(0, .slow(seconds: 1))
        #expect(try cache.current().get().aps[0].fault == .slow(seconds: 1))
        try lab.setFault(0, .slow(seconds: 2))
        #expect(try cache.current().get().aps[0].fault == .slow(seconds: 2))

        unlink(lab.paths.state)
        #expect(throws: LabError.self) { try cache.current().get() }
    }

    @Test func fortyClientsAtOnceAreAllAnswered() throws {
        let lab = try ServedLab("serve-forty", count: 1, firmware: .openwrt)
        // Each answer waits a second: forty in a row would take forty.
        try lab.setFault(0, .slow(seconds: 1))
        let scratch = LabTestSupport.temporaryDirectory("forty")
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let start = Date()
        var clients: [(process: Process, output: String)] = []
        for index in 0..<40 {
            let output = scratch + "/out-\(index)"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: LabTestSupport.answerClient)
            process.arguments = ["--dir", lab.directory, "--ap", "lab-ap-001"]
            process.environment = ServedLab.environment("ubus call system board")
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle(forWritingAtPath: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
            clients.append((process, output))
        }
        for client in clients { client.process.waitUntilExit() }
        let seconds = Date().timeIntervalSince(start)

        #expect(clients.allSatisfy { $0.process.terminationStatus == 0 })
        let hostnames = clients.map { client in
            FileManager.default.contents(atPath: client.output)
                .flatMap { LabTestSupport.json([UInt8]($0))?["hostname"] as? String }
        }
        #expect(hostnames == Array(repeating: "lab-ap-001", count: 40))
        #expect(seconds < 15, "40 clients took \(seconds) s")
    }

    // MARK: - Hostile clients

    /// Opens a raw connection to the lab's answer socket.
    func connect(_ lab: ServedLab) throws -> Int32 {
        try #require(Syscalls.connectUnix(path: lab.paths.answerSocket))
    }

    @Test func brokenClientsDoNotStopTheServer() throws {
        let lab = try ServedLab("serve-hostile", count: 1, firmware: .openwrt)

        // Connects and closes at once.
        for _ in 0..<5 {
            close(try connect(lab))
        }

        // Sends noise.
        let noise = try connect(lab)
        Syscalls.sendAll(noise, (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) })
        close(noise)

        // Claims an AP name of 4 GiB: refused with an answer, nothing allocated.
        let liar = try connect(lab)
        Syscalls.sendAll(liar, AnswerWire.magic + [0xFF, 0xFF, 0xFF, 0xFF])
        let length = try #require(Syscalls.readExactly(liar, count: 4).flatMap(AnswerWire.number))
        #expect(length == 0)
        let stderrLength = Syscalls.readExactly(liar, count: 4).flatMap(AnswerWire.number)
        let message = Syscalls.readExactly(liar, count: Int(stderrLength ?? 0))
        #expect(message.map { String(decoding: $0, as: UTF8.self) } == "lab: malformed request\n")
        #expect(Syscalls.readExactly(liar, count: 8) == [0, 0, 0, 4, 0, 0, 0, 1])
        close(liar)

        // Stops halfway through a request, and one that says nothing and stays.
        let halfway = try connect(lab)
        Syscalls.sendAll(halfway, AnswerWire.request(ap: "lab-ap-001", command: "iwinfo").prefix(9)
            .map { $0 })
        close(halfway)
        let silent = try connect(lab)
        defer { close(silent) }

        let answer = try lab.ask("lab-ap-001", "ubus call system board")
        #expect(answer.status == 0)
        #expect(LabTestSupport.json(answer.stdout)?["hostname"] as? String == "lab-ap-001")
        #expect(lab.isServing)
    }

    // MARK: - The client alone

    @Test func clientSaysTheServerIsNotRunningAndExits69() throws {
        let directory = LabTestSupport.temporaryDirectory("serve-none")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ServedLab.environment("ubus call system board")
        let client = LabTestSupport.answerClient

        let missing = try LabTestSupport.run(
            [client, "--dir", directory, "--ap", "lab-ap-001"], environment: environment)
        #expect(missing.status == 69)
        #expect(missing.stdout.isEmpty)
        #expect(
            missing.stderr
                == "ketnoi-lab-answer: the lab's answer server is not running "
                + "(\(directory)/answer.sock): No such file or directory\n")

        // A socket file nobody listens on any more.
        let stale = try Syscalls.listenUnix(path: directory + "/answer.sock")
        close(stale)
        let refused = try LabTestSupport.run(
            [client, "--dir", directory, "--ap", "lab-ap-001"], environment: environment)
        #expect(refused.status == 69)
        #expect(
            refused.stderr
                == "ketnoi-lab-answer: the lab's answer server is not running "
                + "(\(directory)/answer.sock): Connection refused\n")

        let usage = try LabTestSupport.run([client, "--dir", directory], environment: environment)
        #expect(usage.status == 64)
        #expect(usage.stderr == "ketnoi-lab-answer: usage: ketnoi-lab-answer --dir DIR --ap NAME\n")
    }

    @Test func serverLeavesWhenItsSocketFileIsRemoved() throws {
        let lab = try ServedLab("serve-orphan", count: 1, firmware: .openwrt)
        #expect(lab.isServing)
        unlink(lab.paths.answerSocket)
        let deadline = Date().addingTimeInterval(5)
        while lab.isServing, Date() < deadline { usleep(50_000) }
        #expect(!lab.isServing)
    }

    // MARK: - Lifecycle

    @Test func forcedCommandFallsBackToKetnoiWithoutTheClient() throws {
        let folder = LabTestSupport.temporaryDirectory("serve-fallback")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = LabPaths(folder + "/lab")
        let ketnoi = folder + "/ketnoi"
        _ = FileManager.default.createFile(
            atPath: ketnoi, contents: Data("#!/bin/sh\n".utf8),
            attributes: [.posixPermissions: 0o755])

        #expect(
            Lab.forcedCommand(paths, name: "lab-ap-001", executable: ketnoi)
                == [ketnoi, "lab", "answer", "--dir", folder + "/lab", "--ap", "lab-ap-001"])

        let client = folder + "/ketnoi-lab-answer"
        _ = FileManager.default.createFile(
            atPath: client, contents: Data("#!/bin/sh\n".utf8),
            attributes: [.posixPermissions: 0o755])
        #expect(
            Lab.forcedCommand(paths, name: "lab-ap-001", executable: ketnoi)
                == [client, "--dir", folder + "/lab", "--ap", "lab-ap-001"])
    }

    @Test func upStartsTheServerStatusReportsItDownStopsIt() throws {
        let directory = LabTestSupport.temporaryDirectory("serve-life")
        defer { LabTestSupport.discard(directory) }
        let paths = LabPaths(directory)
        let state = try Lab.up(LabTestSupport.options(directory, count: 2, firmware: .openwrt))

        let server = try #require(state.answerServerPID)
        #expect(try Lab.status(directory: directory).answerServerPID == server)
        #expect(LabStore.readPID(paths.answerServerPID) == server)
        var info = stat()
        #expect(stat(paths.answerSocket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(info.st_mode & 0o170000 == 0o140000)  // S_IFSOCK

        let board = try LabTestSupport.ssh(state, state.aps[1], "ubus call system board")
        #expect(board.status == 0, "\(board.stderr)")
        #expect(LabTestSupport.json(board.stdout)?["hostname"] as? String == "lab-ap-002")

        // `lab fault` reaches the running server through lab.json.
        _ = try Lab.setFault(directory: directory, ap: "lab-ap-002", fault: .garbage)
        let garbage = try LabTestSupport.ssh(state, state.aps[1], "ubus call system board")
        #expect(garbage.stdout.count == 16_384)
        #expect(try Lab.status(directory: directory).answerServerPID == server)

        #expect(try Lab.down(directory: directory) == 2)
        #expect(!Syscalls.isRunning(server, marker: Lab.answerServerMarker(paths)))
        #expect(!FileManager.default.fileExists(atPath: paths.answerSocket))
        #expect(!FileManager.default.fileExists(atPath: paths.answerServerPID))
        #expect(try Lab.status(directory: directory).answerServerPID == nil)
        #expect(FileManager.default.fileExists(atPath: paths.answerServerLog))
    }
}

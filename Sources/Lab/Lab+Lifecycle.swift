// Bringing a lab up and down, and switching faults: keys, sshd configs, processes.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Lab {
    // MARK: - Up

    /// Starts `options.count` access points, each an `sshd` on 127.0.0.1 that keeps running
    /// after this process exits, and the answer server their forced commands ask; writes
    /// `lab.json` and `access-points.csv`.
    ///
    /// Fails when a lab is already running in the directory. When it fails halfway it stops
    /// every process it started. As root it creates `/run/sshd` (sshd's privilege
    /// separation directory); as another user `sshd` runs unprivileged and accepts only
    /// that user.
    public static func up(_ options: LabOptions) throws -> LabState {
        try validate(options)
        let paths = LabPaths(options.directory)
        try FileManager.default.createDirectory(
            atPath: paths.apsDirectory,
            withIntermediateDirectories: true)
        return try Syscalls.withLock(paths.lock) {
            let running = runningProcesses(paths)
            guard running.isEmpty else {
                throw LabError(
                    "a lab is already up in \(paths.directory)"
                        + " (\(running.count) processes running);"
                        + " stop it first with `ketnoi lab down --dir \(paths.directory)`")
            }
            try prepareSSHD()
            // A server left by an `up` that crashed would hold the socket.
            stopAnswerServer(paths)

            let names = (0..<options.count).map { Lab.apName(index: $0) }
            do {
                return try start(options, paths: paths, names: names)
            } catch {
                stopAll(paths, names: names)
                stopAnswerServer(paths)
                throw error
            }
        }
    }

    private static func validate(_ options: LabOptions) throws {
        guard (1...2_000).contains(options.count) else {
            throw LabError("a lab has 1 to 2000 access points, not \(options.count)")
        }
        guard options.executable.hasPrefix("/"),
            FileManager.default.isExecutableFile(atPath: options.executable)
        else {
            throw LabError(
                "the lab executable must be an absolute path to a program: "
                    + "\(options.executable)")
        }
        guard !options.user.isEmpty, !options.user.contains(where: { $0 == " " || $0 == "," })
        else {
            throw LabError("invalid login user \"\(options.user)\"")
        }
        for tool in [sshdPath, sshKeygenPath]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw LabError(
                "\(tool) not found; the lab needs OpenSSH (apt-get install openssh-server)")
        }
    }

    /// As root, sshd refuses to start without its privilege separation directory.
    private static func prepareSSHD() throws {
        guard Syscalls.isRoot else { return }
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            do {
                try FileManager.default.createDirectory(
                    atPath: "/run/sshd", withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o755])
            } catch {
                throw LabError(
                    "cannot create /run/sshd, which sshd needs when run as root: \(error)")
            }
        }
    }

    private static func start(
        _ options: LabOptions, paths: LabPaths,
        names: [String]
    ) throws -> LabState {
        let started = Date(
            timeIntervalSince1970: (options.clock ?? Date()).timeIntervalSince1970.rounded(.down))
        // Started first, it gets ready while the keys are made.
        let server = try startAnswerServer(paths, executable: options.executable)
        let penalties = sshdKnowsPerSourcePenalties()

        // Keys: one client key for every AP, one the controller never gets, one host key each.
        try generateKey(
            paths.clientKey, comment: "ketnoi-lab-client",
            scratch: paths.directory + "/.keygen-client")
        try generateKey(
            paths.otherKey, comment: "ketnoi-lab-other", scratch: paths.directory + "/.keygen-other"
        )
        let clientPublic = try publicKey(paths.clientKey)
        _ = try publicKey(paths.otherKey)  // the wrong-key fault swaps this one in
        _ = try labParallel(names.count) { index in
            let name = names[index]
            try FileManager.default.createDirectory(
                atPath: paths.ap(name),
                withIntermediateDirectories: true)
            unlink(paths.tarpitPID(name))
            try generateKey(
                paths.hostKey(name), comment: "\(name)-host", scratch: paths.ap(name) + "/.keygen")
            try writeAuthorizedKeys(
                paths, name: name, executable: options.executable,
                key: clientPublic)
        }

        // Ports: distinct free ones; a port taken meanwhile is replaced below.
        var ports: [Int] = []
        var taken = Set<Int>()
        while ports.count < names.count {
            let port = try Syscalls.freeLoopbackPort()
            if taken.insert(port).inserted { ports.append(port) }
        }

        let portsSnapshot = ports
        _ = try labParallel(names.count) { index in
            try writeSSHDConfig(
                paths, name: names[index], port: portsSnapshot[index],
                user: options.user, penalties: penalties)
            try launchSSHD(paths, name: names[index])
        }
        let pids = try waitForSSHD(
            paths, names: names, ports: &ports, taken: &taken,
            user: options.user, penalties: penalties)
        let fingerprints = try fingerprintsOf(
            names.map { paths.hostKey($0) + ".pub" },
            scratch: paths.directory + "/.fingerprints")
        try waitForAnswerServer(paths, pid: server)

        let aps = names.indices.map { index in
            LabAP(
                name: names[index], firmware: options.firmware.firmware(at: index),
                port: ports[index], hostKeyFingerprint: fingerprints[index],
                pid: pids[index], fault: .none)
        }
        let state = LabState(
            directory: paths.directory, started: started, seed: options.seed,
            aps: aps, clientKeyPath: paths.clientKey,
            accessPointsCSV: paths.accessPointsCSV,
            executable: options.executable, answerServerPID: server, clock: options.clock,
            openSSID: options.openSSID)
        try LabStore.write(accessPointsCSV(state, options: options), to: paths.accessPointsCSV)
        try LabStore.save(state)
        return state
    }

    /// Waits until every sshd wrote its pid file and accepts TCP; an sshd that lost its
    /// port to another program is restarted on a new one (twice at most).
    private static func waitForSSHD(
        _ paths: LabPaths, names: [String], ports: inout [Int],
        taken: inout Set<Int>, user: String,
        penalties: Bool
    ) throws -> [Int32] {
        var pids = [Int32](repeating: 0, count: names.count)
        var attempts = [Int](repeating: 1, count: names.count)
        var pending = Set(names.indices)
        let deadline = Date().addingTimeInterval(10 + Double(names.count) * 0.05)
        while !pending.isEmpty {
            for index in pending.sorted() {
                let name = names[index]
                let pid = LabStore.readPID(paths.sshdPID(name))
                if pid > 0,
                    Syscalls.accepts(port: ports[index], identification: readinessIdentification)
                {
                    pids[index] = pid
                    pending.remove(index)
                    continue
                }
                let log = (try? String(contentsOfFile: paths.sshdLog(name), encoding: .utf8)) ?? ""
                let lostPort =
                    log.contains("Address already in use")
                    || log.contains("Cannot bind any address")
                if pid == 0, lostPort, attempts[index] < 3 {
                    var port = try Syscalls.freeLoopbackPort()
                    while taken.contains(port) { port = try Syscalls.freeLoopbackPort() }
                    taken.insert(port)
                    ports[index] = port
                    attempts[index] += 1
                    try? FileManager.default.removeItem(atPath: paths.sshdLog(name))
                    try writeSSHDConfig(
                        paths, name: name, port: port, user: user, penalties: penalties)
                    try launchSSHD(paths, name: name)
                }
            }
            if pending.isEmpty { break }
            if Date() > deadline {
                let name = names[pending.min()!]
                throw LabError(
                    "\(name) did not accept connections on 127.0.0.1:"
                        + "\(ports[pending.min()!]) in time; see \(paths.sshdLog(name))"
                        + lastLine(paths.sshdLog(name)))
            }
            usleep(20_000)
        }
        return pids
    }

    // MARK: - Down and status

    /// Stops every sshd and tarpit of the lab in `directory`, and its answer server, and
    /// returns how many access-point processes (sshd, tarpit) it stopped. Removes the
    /// answer socket and keeps every other file (logs included); running it again returns 0.
    public static func down(directory: String) throws -> Int {
        let paths = LabPaths(directory)
        guard FileManager.default.fileExists(atPath: paths.directory) else { return 0 }
        return try Syscalls.withLock(paths.lock) {
            let names = apNames(paths)
            let stopped = stopAll(paths, names: names)
            stopAnswerServer(paths)
            if var state = try? LabStore.load(directory: paths.directory) {
                for index in state.aps.indices { state.aps[index].pid = 0 }
                state.answerServerPID = nil
                try LabStore.save(state)
            }
            return stopped
        }
    }

    /// The lab in `directory` as recorded, each `pid` replaced by the process running now
    /// (the sshd, or the tarpit while the fault is `.hang`), 0 when none is, and
    /// `answerServerPID` by the answer server running now, nil when none is.
    public static func status(directory: String) throws -> LabState {
        let paths = LabPaths(directory)
        var state = try LabStore.load(directory: paths.directory)
        for index in state.aps.indices {
            let name = state.aps[index].name
            state.aps[index].pid = runningPIDs(paths, name: name).first?.pid ?? 0
        }
        let server = LabStore.readPID(paths.answerServerPID)
        state.answerServerPID =
            Syscalls.isRunning(server, marker: answerServerMarker(paths)) ? server : nil
        return state
    }

    /// True when `pid` is alive (not a zombie) — for tests and `lab status`.
    public static func isRunning(pid: Int32) -> Bool {
        Syscalls.isRunning(pid, marker: "")
    }

    // MARK: - Faults

    /// Switches `fault` on for access point `ap` (`.none` switches every fault off) and
    /// returns the AP as recorded afterwards. A changed host key stays after `.none`:
    /// the device really has a new key until the lab is brought up again.
    public static func setFault(directory: String, ap: String, fault: LabFault) throws -> LabAP {
        let paths = LabPaths(directory)
        return try Syscalls.withLock(paths.lock) {
            var state = try LabStore.load(directory: paths.directory)
            guard let index = state.aps.firstIndex(where: { $0.name == ap }) else {
                throw LabError("no access point \(ap) in the lab in \(paths.directory)")
            }
            var entry = state.aps[index]
            let wasHanging = entry.fault == .hang

            let key = try publicKey(fault == .wrongKey ? paths.otherKey : paths.clientKey)
            try writeAuthorizedKeys(paths, name: ap, executable: state.executable, key: key)

            if fault == .hostKeyChanged {
                try generateKey(
                    paths.hostKey(ap), comment: "\(ap)-host-\(Int(Date().timeIntervalSince1970))",
                    scratch: paths.ap(ap) + "/.keygen")
                entry.hostKeyFingerprint = try fingerprintsOf(
                    [paths.hostKey(ap) + ".pub"], scratch: paths.ap(ap) + "/.fingerprint")[0]
            }

            if fault == .hang {
                if !wasHanging {
                    stopAll(paths, names: [ap])
                    entry.pid = try startTarpit(
                        paths, name: ap, port: entry.port,
                        executable: state.executable)
                }
            } else if wasHanging || fault == .hostKeyChanged {
                stopAll(paths, names: [ap])
                try launchSSHD(paths, name: ap)
                entry.pid = try waitForOne(paths, name: ap, port: entry.port)
            }

            entry.fault = fault
            state.aps[index] = entry
            try LabStore.save(state)
            return entry
        }
    }

    // MARK: - Tarpit

    /// Accepts TCP connections on 127.0.0.1:`port` and never writes a byte: what an AP
    /// whose SSH daemon hangs looks like. Reads and drops what clients send; closes a
    /// connection only when the client does. Exits 1 when it cannot bind within 5 s.
    public static func runTarpit(port: Int) -> Never {
        var listener: Int32? = nil
        let deadline = Date().addingTimeInterval(5)
        while listener == nil {
            listener = Syscalls.listen(port: port)
            if listener == nil {
                if Date() > deadline {
                    let reason = String(cString: strerror(errno))
                    Syscalls.writeAll(
                        2, Array("tarpit port=\(port) result=failed reason=\"\(reason)\"\n".utf8))
                    exit(1)
                }
                usleep(50_000)
            }
        }
        Syscalls.writeAll(2, Array("tarpit port=\(port) result=listening\n".utf8))
        var descriptors = [pollfd(fd: listener!, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 { continue }
            var closed = Set<Int32>()
            for entry in descriptors where entry.revents != 0 {
                if entry.fd == listener! {
                    let client = accept(listener!, nil, nil)
                    if client >= 0 {
                        descriptors.append(pollfd(fd: client, events: Int16(POLLIN), revents: 0))
                    }
                } else if read(entry.fd, &buffer, buffer.count) <= 0 {
                    close(entry.fd)
                    closed.insert(entry.fd)
                }
            }
            descriptors.removeAll { closed.contains($0.fd) }
            // Bound the fds we hold: drop the oldest connections past 900.
            while descriptors.count > 900 {
                close(descriptors[1].fd)
                descriptors.remove(at: 1)
            }
        }
    }
}

// MARK: - Processes and files

extension Lab {
    /// What `up` says to an sshd when checking that it accepts connections.
    static let readinessIdentification = "SSH-2.0-ketnoi-lab-readiness\r\n"

    /// What must appear in /proc/PID/cmdline before we signal a tarpit pid from a file.
    static let tarpitMarker = "tarpit"

    static func apNames(_ paths: LabPaths) -> [String] {
        if let state = try? LabStore.load(directory: paths.directory) {
            return state.aps.map(\.name)
        }
        let entries =
            (try? FileManager.default.contentsOfDirectory(atPath: paths.apsDirectory)) ?? []
        return entries.filter { $0.hasPrefix("lab-ap-") }.sorted()
    }

    /// The live processes of one AP: its sshd (pid file or lab.json; the listener's title
    /// names its config file) and its tarpit.
    static func runningPIDs(_ paths: LabPaths, name: String) -> [(pid: Int32, marker: String)] {
        var result: [(Int32, String)] = []
        var sshdPIDs: Set<Int32> = [LabStore.readPID(paths.sshdPID(name))]
        if let state = try? LabStore.load(directory: paths.directory),
            let entry = state.aps.first(where: { $0.name == name }), entry.fault != .hang
        {
            sshdPIDs.insert(entry.pid)
        }
        for pid in sshdPIDs where Syscalls.isRunning(pid, marker: paths.sshdConfig(name)) {
            result.append((pid, paths.sshdConfig(name)))
        }
        let tarpit = LabStore.readPID(paths.tarpitPID(name))
        if Syscalls.isRunning(tarpit, marker: tarpitMarker) {
            result.append((tarpit, tarpitMarker))
        }
        return result
    }

    static func runningProcesses(_ paths: LabPaths) -> [Int32] {
        apNames(paths).flatMap { runningPIDs(paths, name: $0).map(\.pid) }
    }

    /// SIGTERM to every process of `names`, then waits for all (SIGKILL after 3 s).
    @discardableResult
    static func stopAll(_ paths: LabPaths, names: [String]) -> Int {
        var targets = names.flatMap { runningPIDs(paths, name: $0) }
        // An sshd that forked but has not written its pid file yet is found by its title.
        let configs = Set(names.map { paths.sshdConfig($0) })
        for process in Syscalls.processes(containing: paths.apsDirectory + "/")
        where !targets.contains(where: { $0.pid == process.pid }) {
            if let config = configs.first(where: { process.commandLine.contains($0) }) {
                targets.append((process.pid, config))
            }
        }
        for target in targets {
            kill(target.pid, SIGTERM)
        }
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline,
            targets.contains(where: { Syscalls.isRunning($0.pid, marker: $0.marker) })
        {
            usleep(10_000)
        }
        for target in targets where Syscalls.isRunning(target.pid, marker: target.marker) {
            Syscalls.terminate(target.pid, marker: target.marker, seconds: 0)
        }
        for name in names {
            unlink(paths.tarpitPID(name))
            unlink(paths.sshdPID(name))
        }
        return targets.count
    }

    /// Starts sshd in daemon mode; it forks, and the parent's exit status says whether the
    /// configuration and host key were accepted.
    static func launchSSHD(_ paths: LabPaths, name: String) throws {
        unlink(paths.sshdPID(name))
        let pid: pid_t
        do {
            pid = try Syscalls.spawn(
                [sshdPath, "-f", paths.sshdConfig(name), "-E", paths.sshdLog(name)],
                outputPath: paths.sshdLog(name), newSession: true)
        } catch {
            throw LabError("sshd for \(name) did not start (log \(paths.sshdLog(name))): \(error)")
        }
        let status = Syscalls.waitExit(pid)
        guard status == 0 else {
            throw LabError(
                "sshd for \(name) exited with status \(status) at start; see "
                    + paths.sshdLog(name) + lastLine(paths.sshdLog(name)))
        }
    }

    static func waitForOne(_ paths: LabPaths, name: String, port: Int) throws -> Int32 {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let pid = LabStore.readPID(paths.sshdPID(name))
            if pid > 0, Syscalls.accepts(port: port, identification: readinessIdentification) {
                return pid
            }
            usleep(20_000)
        }
        throw LabError(
            "\(name) did not accept connections on 127.0.0.1:\(port) in time; see "
                + paths.sshdLog(name) + lastLine(paths.sshdLog(name)))
    }

    static func startTarpit(
        _ paths: LabPaths, name: String, port: Int,
        executable: String
    ) throws -> Int32 {
        let pid = try Syscalls.spawn(
            [executable, "lab", "tarpit", "--port", String(port)],
            outputPath: paths.tarpitLog(name), newSession: true)
        Syscalls.reapInBackground(pid)
        try LabStore.write("\(pid)\n", to: paths.tarpitPID(name))
        let deadline = Date().addingTimeInterval(8)
        while Date() < deadline {
            if Syscalls.accepts(port: port) { return pid }
            guard Syscalls.isRunning(pid, marker: tarpitMarker) else { break }
            usleep(20_000)
        }
        throw LabError(
            "the tarpit for \(name) did not listen on 127.0.0.1:\(port); see "
                + paths.tarpitLog(name) + lastLine(paths.tarpitLog(name)))
    }

    // MARK: - Answer server

    /// Spawns `EXE lab serve --dir DIR` detached, with its pid in `answer-server.pid` and
    /// its output in `answer-server.log`; `waitForAnswerServer` waits until it listens.
    static func startAnswerServer(_ paths: LabPaths, executable: String) throws -> Int32 {
        unlink(paths.answerSocket)
        let pid: pid_t
        do {
            pid = try Syscalls.spawn(
                [executable, "lab", "serve", "--dir", paths.directory],
                outputPath: paths.answerServerLog, newSession: true)
        } catch {
            throw LabError(
                "the answer server did not start (log \(paths.answerServerLog)): \(error)")
        }
        Syscalls.reapInBackground(pid)
        try LabStore.write("\(pid)\n", to: paths.answerServerPID)
        return pid
    }

    /// Waits until the answer server accepts connections on its socket.
    static func waitForAnswerServer(_ paths: LabPaths, pid: Int32) throws {
        let deadline = Date().addingTimeInterval(8)
        var gone = false
        while Date() < deadline {
            if let fd = Syscalls.connectUnix(path: paths.answerSocket) {
                close(fd)
                return
            }
            gone = !Syscalls.isRunning(pid, marker: answerServerMarker(paths))
            if gone { break }
            usleep(10_000)
        }
        throw LabError(
            "the answer server (pid \(pid)) "
                + (gone ? "exited before it listened" : "did not listen in 8 s")
                + " on \(paths.answerSocket); see "
                + paths.answerServerLog + lastLine(paths.answerServerLog))
    }

    /// Stops the lab's answer server (the one in the pid file, and any other serving this
    /// directory) and removes its socket and pid file. True when one was running.
    @discardableResult
    static func stopAnswerServer(_ paths: LabPaths) -> Bool {
        let marker = answerServerMarker(paths)
        var pids = Set(Syscalls.processes(containing: marker).map(\.pid))
        let recorded = LabStore.readPID(paths.answerServerPID)
        if Syscalls.isRunning(recorded, marker: marker) { pids.insert(recorded) }
        for pid in pids {
            Syscalls.terminate(pid, marker: marker)
        }
        unlink(paths.answerSocket)
        unlink(paths.answerServerPID)
        return !pids.isEmpty
    }

    static func lastLine(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        return line.isEmpty ? "" : " (last line: \(line))"
    }

    // MARK: - Keys

    /// `ssh-keygen -t ed25519 -N ''`, replacing any key already at `path`.
    static func generateKey(_ path: String, comment: String, scratch: String) throws {
        unlink(path)
        unlink(path + ".pub")
        let result = try Syscalls.run(
            [sshKeygenPath, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path],
            scratch: scratch)
        guard result.status == 0 else {
            throw LabError(
                "ssh-keygen failed for \(path) (status \(result.status)): "
                    + result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    static func publicKey(_ privateKeyPath: String) throws -> String {
        guard let text = try? String(contentsOfFile: privateKeyPath + ".pub", encoding: .utf8)
        else {
            throw LabError("cannot read \(privateKeyPath).pub")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `SHA256:…` for each public key file, from one `ssh-keygen -lf` over all of them.
    static func fingerprintsOf(_ publicKeyPaths: [String], scratch: String) throws -> [String] {
        let joined = try publicKeyPaths.map { path -> String in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw LabError("cannot read \(path)")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        }.joined()
        let listPath = scratch + ".pub"
        try LabStore.write(joined, to: listPath)
        defer { unlink(listPath) }
        let result = try Syscalls.run([sshKeygenPath, "-l", "-f", listPath], scratch: scratch)
        let fingerprints = result.output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("SHA256:") }.map(String.init)
        }
        guard result.status == 0, fingerprints.count == publicKeyPaths.count else {
            throw LabError("ssh-keygen -lf did not fingerprint the host keys: \(result.output)")
        }
        return fingerprints
    }

    // MARK: - Configuration files

    /// The name of the answer client, looked for beside the `ketnoi` executable.
    static let answerClientName = "ketnoi-lab-answer"

    /// The forced command of AP `name`: `ketnoi-lab-answer --dir DIR --ap NAME` when that
    /// program is beside `executable`, else `EXE lab answer --dir DIR --ap NAME`.
    static func forcedCommand(_ paths: LabPaths, name: String, executable: String) -> [String] {
        let folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let client = folder.appendingPathComponent(answerClientName).path
        if FileManager.default.isExecutableFile(atPath: client) {
            return [client, "--dir", paths.directory, "--ap", name]
        }
        return [executable, "lab", "answer", "--dir", paths.directory, "--ap", name]
    }

    static func writeAuthorizedKeys(
        _ paths: LabPaths, name: String, executable: String,
        key: String
    ) throws {
        let command = forcedCommand(paths, name: name, executable: executable)
            .map(shellQuoted).joined(separator: " ")
        let escaped = command.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        let line =
            "command=\"\(escaped)\",no-pty,no-port-forwarding,no-agent-forwarding,"
            + "no-X11-forwarding \(key)\n"
        try LabStore.write(line, to: paths.authorizedKeys(name))
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@+,".contains($0) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func writeSSHDConfig(
        _ paths: LabPaths, name: String, port: Int, user: String,
        penalties: Bool
    ) throws {
        var lines = [
            "# ketnoi lab access point \(name); written by `ketnoi lab up`",
            "ListenAddress 127.0.0.1",
            "Port \(port)",
            "HostKey \(paths.hostKey(name))",
            "PidFile \(paths.sshdPID(name))",
            "AuthorizedKeysFile \(paths.authorizedKeys(name))",
            "UsePAM no",
            "StrictModes no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AllowUsers \(user)",
            "MaxStartups 100:30:200",
            // What Dropbear on OpenWrt 23.05 offers: no sntrup761, whose key generation
            // costs OpenSSH's client about 0.1 s of CPU per connection.
            "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
                + "diffie-hellman-group14-sha256",
            "MaxSessions 20",
            "LoginGraceTime 30",
            "PermitTTY no",
            "X11Forwarding no",
            "AllowTcpForwarding no",
            "AllowAgentForwarding no",
            "PrintMotd no",
            "UseDNS no",
            // bash started by sshd sources ~/.bashrc unless SHLVL says it is nested
            // (Debian builds bash with SSH_SOURCE_BASHRC); a slow .bashrc would slow every answer.
            "SetEnv SHLVL=1",
            "LogLevel ERROR",
        ]
        if penalties {
            // Every test client comes from 127.0.0.1; penalties would lock them all out.
            lines.append("PerSourcePenalties no")
        }
        try LabStore.write(lines.joined(separator: "\n") + "\n", to: paths.sshdConfig(name))
    }

    /// `PerSourcePenalties` exists from OpenSSH 9.8; 9.2 (Debian 12) rejects it.
    static func sshdKnowsPerSourcePenalties() -> Bool {
        let scratch = NSTemporaryDirectory() + "/ketnoi-lab-sshd-version-\(getpid())"
        guard let result = try? Syscalls.run([sshdPath, "-V"], scratch: scratch),
            let range = result.output.range(of: "OpenSSH_")
        else { return false }
        let version = result.output[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return false }
        return parts[0] > 9 || (parts[0] == 9 && parts[1] >= 8)
    }

    // MARK: - Access-points CSV

    static func accessPointsCSV(_ state: LabState, options: LabOptions) -> String {
        func field(_ value: String) -> String {
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else {
                return value
            }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var text = "name,hotspot,address,port,user,firmware,credential,interface\n"
        for (index, ap) in state.aps.enumerated() {
            let hotspot =
                options.hotspots.isEmpty ? "" : options.hotspots[index % options.hotspots.count]
            text +=
                [
                    ap.name, hotspot, "127.0.0.1", String(ap.port), options.user,
                    ap.firmware.rawValue, "key:" + state.clientKeyPath,
                    ap.firmware.defaultInterface,
                ].map(field).joined(separator: ",") + "\n"
        }
        return text
    }
}

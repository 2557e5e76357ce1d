import Foundation
import Lab

/// `ketnoi lab …`: simulated access points, each a real sshd on 127.0.0.1, for the demo and
/// tests.
enum LabCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "lab",
        summary: "simulated access points on this machine (real sshd on 127.0.0.1)",
        discussion: """
            Each simulated AP is an OpenSSH sshd with its own port and host key whose forced
            command answers like the firmware (OpenWrt 23.05-style, RouterOS, UniFi). Uptime
            advances and stations come and go. No root is needed.

              ketnoi lab up --aps 20 --dir /tmp/ketnoi-lab
              ketnoi aps import /tmp/ketnoi-lab/access-points.csv
              ketnoi inventory
              ketnoi lab down --dir /tmp/ketnoi-lab
            """,
        subcommands: [upSpec, downSpec, statusSpec, faultSpec, answerSpec, serveSpec, tarpitSpec])

    static let directoryOption = OptionSpec.value(
        "dir", "DIR", "where the lab keeps its keys, configs and logs (default ./lab)")

    static let upSpec = CommandSpec(
        name: "up",
        summary: "start N simulated access points and write their access-points CSV",
        options: [
            .value("aps", "N", "how many (default 5)"),
            .value("firmware", "FAMILY", "openwrt (default), routeros, unifi or mixed"),
            .value("seed", "N", "seed of the station generator (default 1)"),
            .value("hotspots", "CODE,…", "hotspot codes to assign in turn (default: none)"),
            .value("clock", "TIME",
                "answer as at this instant, e.g. 2026-06-30T09:00:00+07:00 (default: the real "
                    + "clock); two labs with the same seed and clock answer alike"),
            .value("open-ssid", "NAME", "the open 2.4 GHz SSID (default CanTho-WiFi-Free)"),
            directoryOption,
        ],
        printsData: true,
        run: { try runUp($0) })

    static let downSpec = CommandSpec(
        name: "down", summary: "stop the lab's access points", options: [directoryOption],
        run: { try runDown($0) })

    static let statusSpec = CommandSpec(
        name: "status", summary: "list the lab's access points, ports and faults",
        options: [directoryOption], printsData: true, run: { try runStatus($0) })

    static let faultSpec = CommandSpec(
        name: "fault",
        summary:
            "switch a fault on an access point: "
            + "hang, slow[:S], huge, garbage, hostkey, wrong-key, none",
        options: [directoryOption],
        arguments: [
            ArgumentSpec(name: "AP", help: "the lab access point, e.g. lab-ap-003"),
            ArgumentSpec(
                name: "FAULT", help: "hang, slow, slow:S, huge, garbage, hostkey, wrong-key or none"
            ),
        ],
        run: { try runFault($0) })

    /// The forced command of every lab sshd; not for people.
    static let answerSpec = CommandSpec(
        name: "answer", summary: "answer one command as a lab access point (run by its sshd)",
        options: [directoryOption, .value("ap", "AP", "the access point answering")],
        run: { try runAnswer($0) })

    /// The lab's answer server, started by `lab up`; not for people.
    static let serveSpec = CommandSpec(
        name: "serve",
        summary: "answer the lab's forced commands over DIR/answer.sock (run by lab up)",
        options: [directoryOption],
        run: { context in Lab.runAnswerServer(directory: directory(context)) })

    static let tarpitSpec = CommandSpec(
        name: "tarpit", summary: "accept connections and never answer (the 'hang' fault)",
        options: [.value("port", "PORT", "the port on 127.0.0.1")],
        run: { context in
            guard let port = try context.invocation.integer("port", in: 1...65535) else {
                throw CommandFailure(.usage, "option --port is required")
            }
            Lab.runTarpit(port: port)
        })

    static func directory(_ context: Context) -> String {
        let path = context.invocation.value("dir") ?? "lab"
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    struct LabAPJSON: Encodable {
        let name: String
        let firmware: String
        let port: Int
        let hostKeyFingerprint: String
        let fault: String
    }

    struct LabJSON: Encodable {
        let directory: String
        let accessPointsCSV: String
        let answerServerPID: Int32?
        let aps: [LabAPJSON]
    }

    static func render(_ state: LabState, context: Context) throws {
        if context.json {
            let payload = LabJSON(
                directory: state.directory, accessPointsCSV: state.accessPointsCSV,
                answerServerPID: state.answerServerPID,
                aps: state.aps.map {
                    LabAPJSON(
                        name: $0.name, firmware: $0.firmware.rawValue, port: $0.port,
                        hostKeyFingerprint: $0.hostKeyFingerprint, fault: $0.fault.description)
                })
            context.terminal.out(try JSONOutput.render(JSONDocument("lab", payload)))
            return
        }
        var table = TextTable(["ap", "firmware", "port", "fault", "host key"], rightAligned: [2])
        for ap in state.aps {
            table.append([
                ap.name, ap.firmware.rawValue, String(ap.port), ap.fault.description,
                ap.hostKeyFingerprint,
            ])
        }
        context.terminal.out(table.render())
        if let pid = state.answerServerPID {
            context.terminal.out("answer server: pid \(pid), \(state.directory)/answer.sock\n")
        } else {
            context.terminal.out("answer server: not running\n")
        }
        context.terminal.out("\(state.aps.count) lab access points; import them with: "
            + "ketnoi aps import \(state.accessPointsCSV)\n")
    }

    static func runUp(_ context: Context) throws {
        let invocation = context.invocation
        var options = LabOptions(
            directory: directory(context), executable: Self.executablePath(),
            user: ProcessInfo.processInfo.environment["USER"] ?? NSUserName())
        if let count = try invocation.integer("aps", in: 1...1000) { options.count = count }
        if let name = invocation.value("firmware") {
            guard let firmware = LabFirmware(rawValue: name) else {
                throw CommandFailure(.usage, "--firmware: '\(name)' is not one of "
                    + LabFirmware.allCases.map(\.rawValue).joined(separator: ", "))
            }
            options.firmware = firmware
        }
        if let seed = invocation.value("seed") {
            guard let value = UInt64(seed) else {
                throw CommandFailure(.usage, "--seed: '\(seed)' is not a whole number")
            }
            options.seed = value
        }
        if let hotspots = invocation.value("hotspots") {
            options.hotspots = hotspots.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        if let text = invocation.value("clock") {
            guard let clock = ISO8601DateFormatter().date(from: text) else {
                throw CommandFailure(.usage, "--clock: '\(text)' is not a time like "
                    + "2026-06-30T09:00:00+07:00")
            }
            options.clock = clock
        }
        if let name = invocation.value("open-ssid") {
            guard !name.isEmpty, name.utf8.count <= 32 else {
                throw CommandFailure(.usage, "--open-ssid: an SSID has 1 to 32 bytes")
            }
            options.openSSID = name
        }
        do {
            try render(try Lab.up(options), context: context)
        } catch let error as LabError {
            throw CommandFailure(.unavailable, error.message)
        }
    }

    static func runDown(_ context: Context) throws {
        do {
            let stopped = try Lab.down(directory: directory(context))
            context.terminal.out("stopped \(stopped) lab process(es)\n")
        } catch let error as LabError {
            throw CommandFailure(.noInput, error.message)
        }
    }

    static func runStatus(_ context: Context) throws {
        do {
            try render(try Lab.status(directory: directory(context)), context: context)
        } catch let error as LabError {
            throw CommandFailure(.noInput, error.message)
        }
    }

    static func runFault(_ context: Context) throws {
        let name = context.invocation.arguments[0]
        guard let fault = LabFault(name: context.invocation.arguments[1]) else {
            throw CommandFailure(.usage, "'\(context.invocation.arguments[1])' is not a fault "
                + "(hang, slow, slow:S, huge, garbage, hostkey, wrong-key, none)")
        }
        do {
            let ap = try Lab.setFault(directory: directory(context), ap: name, fault: fault)
            context.terminal.out("\(ap.name): \(ap.fault)\n")
        } catch let error as LabError {
            throw CommandFailure(.dataError, error.message)
        }
    }

    static func runAnswer(_ context: Context) throws {
        guard let ap = context.invocation.value("ap") else {
            throw CommandFailure(.usage, "option --ap is required")
        }
        let command = ProcessInfo.processInfo.environment["SSH_ORIGINAL_COMMAND"]
        exit(Lab.answer(directory: directory(context), ap: ap, command: command).deliver())
    }

    /// This binary's own path, for the lab's forced command.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }
}

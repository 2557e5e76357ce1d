import Foundation
import Lab
import Testing

/// A database filled the way an operator fills one: wards, hotspots, a lab of 5 simulated
/// access points (lab-ap-005 serves an SSID that is not UTF-8: see `LabDevice`), and one
/// inventory run. The lab is brought up in-process, as the Fleet and Usage tests do.
final class EcosystemLab {
    let workspace: Workspace
    let state: LabState

    init() throws {
        workspace = try Workspace()
        var options = LabOptions(
            directory: workspace.path("lab"), executable: Paths.ketnoi, user: NSUserName())
        options.count = 5
        options.firmware = .mixed
        options.hotspots = ["CT-001", "CT-002", "CT-005"]
        state = try Lab.up(options)
        for arguments in [
            ["areas", "import", Paths.wardsCSV],
            ["hotspots", "import", Paths.hotspotsCSV],
            ["aps", "import", state.accessPointsCSV],
            ["inventory", "--timeout", "20"],
        ] {
            let outcome = try workspace.run(arguments)
            guard outcome.status == 0 else { throw SetUpFailure(outcome: outcome) }
        }
    }

    deinit {
        _ = try? Lab.down(directory: state.directory)
    }
}

struct SetUpFailure: Error, CustomStringConvertible {
    let outcome: Outcome
    var description: String { "set-up failed: \(outcome)" }
}

@Suite("Ecosystem: Ansible and Prometheus against a lab inventory", .serialized)
struct EcosystemTests {
    @Test("both playbooks pass ansible-playbook --syntax-check",
          .enabled(if: Tool.available(Tool.ansiblePlaybook)))
    func playbookSyntax() throws {
        for playbook in ["controller.yml", "access-points.yml"] {
            let outcome = try Tool.run(
                Tool.ansiblePlaybook,
                ["--syntax-check", "-i", "localhost,", "\(Paths.ansible)/\(playbook)"],
                environment: ["ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": "/tmp"])
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.stdout.contains("playbook: "), "\(outcome)")
        }
    }

    @Test("ansible-inventory reads the dynamic inventory: groups by ward and firmware, hostvars",
          .enabled(if: Tool.available(Tool.ansibleInventory)))
    func ansibleInventory() throws {
        let lab = try EcosystemLab()
        let script = "\(Paths.ansible)/inventory/ketnoi"
        #expect(FileManager.default.isExecutableFile(atPath: script))
        let outcome = try Tool.run(
            Tool.ansibleInventory, ["-i", script, "--list"],
            environment: [
                "KETNOI": Paths.ketnoi, "KETNOI_DB": lab.workspace.database,
                "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": "/tmp",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "true",
            ])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(!outcome.stderr.contains("WARNING"), "\(outcome)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])

        func hosts(_ group: String) -> [String] {
            ((document[group] as? [String: Any])?["hosts"] as? [String]) ?? []
        }
        func children(_ group: String) -> [String] {
            ((document[group] as? [String: Any])?["children"] as? [String]) ?? []
        }
        // mixed: OpenWrt, RouterOS, UniFi, OpenWrt, OpenWrt; hotspots CT-001, CT-002, CT-005
        // in turn, which are in wards 31120 (Cái Khế) and 31135 (Ninh Kiều) per hotspots.csv.
        #expect(hosts("openwrt") == ["lab-ap-001", "lab-ap-004", "lab-ap-005"])
        #expect(hosts("routeros") == ["lab-ap-002"])
        #expect(hosts("unifi") == ["lab-ap-003"])
        #expect(Set(children("firmware")) == ["openwrt", "routeros", "unifi"])
        #expect(Set(children("all")).isSuperset(of: ["ungrouped", "wards", "firmware"]))
        #expect(hosts("hotspot_ct_001") == ["lab-ap-001", "lab-ap-004"])

        let meta = try #require(document["_meta"] as? [String: Any])
        let hostvars = try #require(meta["hostvars"] as? [String: [String: Any]])
        #expect(hostvars.keys.sorted() == (1...5).map { "lab-ap-00\($0)" })
        let first = try #require(hostvars["lab-ap-001"])
        #expect(first["ansible_host"] as? String == "127.0.0.1")
        #expect((first["ansible_port"] as? Int).map { $0 > 1024 } == true)
        #expect(first["ansible_user"] as? String == NSUserName())
        #expect(first["ketnoi_hotspot"] as? String == "CT-001")
        #expect(first["ketnoi_firmware"] as? String == "openwrt")
        let ward = try #require(first["ketnoi_ward"] as? String)
        #expect(hosts("ward_\(ward)").contains("lab-ap-001"))
        #expect(children("wards").contains("ward_\(ward)"))
        #expect(first["ketnoi_ward_name"] is String)
        let routeros = try #require(hostvars["lab-ap-002"])
        #expect(routeros["ansible_network_os"] as? String == "community.routeros.routeros")

        // --host answers one host, and {} for a name it does not know.
        let one = try lab.workspace.run(["export", "ansible-inventory", "--host", "lab-ap-002"])
        #expect(one.status == 0, "\(one)")
        let vars = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        #expect(vars?["ketnoi_hotspot"] as? String == "CT-002")
        let unknown = try lab.workspace.run(["export", "ansible-inventory", "--host", "nope"])
        #expect(unknown.status == 0)
        #expect(unknown.stdout == "{\n\n}\n" || unknown.stdout == "{}\n", "\(unknown)")
        #expect(unknown.stderr.contains("no access point named 'nope'"))
    }

    @Test("the textfile parses with prometheus_client after an inventory with a non-UTF-8 SSID",
          .enabled(if: Tool.available(Tool.python3, also: Tool.hasPrometheusClient)))
    func prometheusTextfile() throws {
        let lab = try EcosystemLab()
        let sample = try lab.workspace.run([
            "sample", "--remote", "lab-ap-001", "--duration", "2", "--window", "60",
        ])
        #expect([0, 65].contains(sample.status), "\(sample)")

        let folder = lab.workspace.path("textfile")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let written = try lab.workspace.run(["export", "prometheus", "--textfile", folder])
        #expect(written.status == 0, "\(written)")
        #expect(written.stdout.hasPrefix("wrote \(folder)/ketnoi.prom: "), "\(written)")
        // Only the finished file is left: the temporary one was renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["ketnoi.prom"])
        let text = try String(contentsOfFile: folder + "/ketnoi.prom", encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        // The SSID bytes FF FE are written as the text \xff\xfe, its backslashes escaped.
        #expect(text.contains(#"ssid="CanTho-WiFi-\\xff\\xfe-5G""#), "\(text)")

        // Parse with the reference client library; print name, labels and value per sample.
        let parser = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.append([family.name, family.type, s.name, s.labels, s.value])
            print(json.dumps(out))
            """
        let parsed = try Tool.run(Tool.python3, ["-c", parser], input: text)
        #expect(parsed.status == 0, "\(parsed)")
        let samples = try #require(
            try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[Any]])
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { sample in
                sample[2] as? String == name && sample[3] as? [String: String] == labels
            }?[4] as? Double
        }
        #expect(value("ketnoi_ap_up", ["ap": "lab-ap-005"]) == 1)
        #expect(value("ketnoi_ap_state", ["ap": "lab-ap-005", "state": "ok"]) == 1)
        #expect((value("ketnoi_ap_uptime_seconds", ["ap": "lab-ap-001"]) ?? 0) > 0)
        #expect(value("ketnoi_inventory_last_run_answered", [:]) == 5)
        let ssids = samples.compactMap { sample -> String? in
            guard sample[2] as? String == "ketnoi_ap_network_info",
                let labels = sample[3] as? [String: String], labels["ap"] == "lab-ap-005"
            else { return nil }
            return labels["ssid"]
        }
        #expect(ssids.contains("CanTho-WiFi-\\xff\\xfe-5G"), "\(ssids)")
        // The parser turns the counter family's name into its base name.
        let usage = samples.filter { $0[0] as? String == "ketnoi_hotspot_usage_bytes" }
        #expect(!usage.isEmpty)
        #expect(usage.allSatisfy { $0[1] as? String == "counter" && $0[2] as? String
            == "ketnoi_hotspot_usage_bytes_total" })
        #expect(samples.contains { $0[2] as? String == "ketnoi_ward_info" })
    }

    @Test("export prometheus: --stdout prints; a missing folder is exit 73; no database is 66")
    func prometheusErrors() throws {
        let workspace = try Workspace()
        let none = try workspace.run(["export", "prometheus", "--stdout"])
        #expect(none.status == 66)
        #expect(try workspace.run(["db", "info"]).status == 0)
        let printed = try workspace.run(["export", "prometheus", "--textfile", "-"])
        #expect(printed.status == 0, "\(printed)")
        #expect(printed.stdout.hasPrefix("# HELP ketnoi_textfile_timestamp_seconds "))
        let missing = try workspace.run([
            "export", "prometheus", "--textfile", workspace.path("no-such-folder"),
        ])
        #expect(missing.status == 73)
        #expect(missing.stderr.contains("the textfile folder \(workspace.path("no-such-folder"))"
            + " does not exist"))
        let file = try workspace.write("not-a-folder", "")
        let onFile = try workspace.run(["export", "prometheus", "--textfile", file])
        #expect(onFile.status == 73)
        #expect(onFile.stderr.contains("the textfile folder \(file) is a file"), "\(onFile)")
        let neither = try workspace.run(["export", "prometheus"])
        #expect(neither.status == 64)
        let both = try workspace.run(["export", "ansible-inventory", "--list", "--host", "x"])
        #expect(both.status == 64)
        #expect(both.stderrLines.first == "ketnoi: give either --list or --host AP")
        let json = try workspace.run([
            "--json", "export", "prometheus", "--textfile", workspace.folder,
        ])
        #expect(json.status == 0, "\(json)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
            as? [String: Any]
        #expect(document?["schema"] as? Int == 1)
        #expect(document?["kind"] as? String == "prometheus-textfile")
        let data = document?["data"] as? [String: Any]
        #expect(data?["path"] as? String == workspace.path("ketnoi.prom"))
    }
}

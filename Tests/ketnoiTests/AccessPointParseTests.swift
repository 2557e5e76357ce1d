import Foundation
import Testing

/// Every saved access-point output in ../shared/corpus/apcmd goes through `ketnoi aps parse`:
/// exit 0 with the values the sample shows, or exit 65 with a named error; never a crash.
@Suite(.enabled(if: corpusPresent, "../shared/corpus is absent beside this checkout"))
struct AccessPointParseTests {
    /// Each sample with the parser kind its command calls for.
    static let samples: [(file: String, kind: String)] = [
        ("owrt_iw_station_dump_inactive_times_mt7612e.txt", "iw-station-dump"),
        ("owrt_iwinfo_info_ap_with_signal.txt", "iwinfo-info"),
        ("owrt_proc_net_dev_xiaomi_wl_ifaces.partial.txt", "proc-net-dev"),
        ("owrt_ubus_iwinfo_info_mesh.json", "ubus-iwinfo-info"),
        ("owrt_ubus_network_interface_dump_lan.partial.txt", "ubus-wireless-status"),
        ("owrt_ubus_system_board_rpi4_no_system_key.json", "ubus-system-board"),
        ("owrt_ubus_system_info_luci6078.json", "ubus-system-info"),
        ("r_linux_iw_station_get_rtl8723bs_minimal.txt", "iw-station-dump"),
        ("r_linux_proc_net_dev.txt", "proc-net-dev"),
        ("r_mikrotik_system_resource_print_v6.txt", "routeros-system-resource"),
        ("r_mikrotik_system_resource_print_v7_18.txt", "routeros-system-resource"),
        ("r_mikrotik_wireless_registration_table_api.txt", "routeros-registration-table"),
        (
            "r_mikrotik_wireless_registration_table_print_stats_terse.txt",
            "routeros-registration-table"
        ),
        ("r_openwrt_etc_config_wireless_and_iw_dev_sta.txt", "uci-wireless-config"),
        ("r_openwrt_hostapd_get_clients_redacted_mac.txt", "hostapd-get-clients"),
        ("r_openwrt_iw_dev_and_iwinfo_assoclist.txt", "iwinfo-assoclist"),
        ("r_openwrt_iw_station_dump_2chain_vs_4chain.txt", "iw-station-dump"),
        ("r_openwrt_iw_station_dump_modern_mt7916.txt", "iw-station-dump"),
        ("r_openwrt_iwinfo_info_unknown_values.txt", "iwinfo-info"),
        ("r_openwrt_ubus_system_board_rpi3_no_system_key.txt", "ubus-system-board"),
        ("r_openwrt_ubus_system_info_procd17.txt", "ubus-system-info"),
    ]

    @Test func everySampleIsInTheTable() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.corpus("apcmd"))
            .filter { $0 != "INDEX.md" }.sorted()
        #expect(files == Self.samples.map(\.file).sorted())
    }

    @Test(arguments: samples.map(\.file))
    func sampleParsesOrFailsByName(file: String) throws {
        let sandbox = try Sandbox()
        let kind = try #require(Self.samples.first { $0.file == file }?.kind)
        let path = Paths.corpus("apcmd/" + file)
        let outcome = try sandbox.run(["aps", "parse", "--kind", kind, path, "--json"])
        #expect(outcome.status == 0 || outcome.status == 65, "\(outcome)")
        if outcome.status == 65 {
            #expect(outcome.stderrLines.count == 1)
            #expect(
                outcome.stderrLines.first?.hasPrefix("ketnoi: error: \(path): \(kind): ") == true)
        } else {
            let document = try JSONObject.parse(outcome.stdout)
            #expect(document.kind == "parse")
        }
    }

    func parse(_ file: String, _ kind: String) throws -> [String: Any] {
        let sandbox = try Sandbox()
        let document = try sandbox.json([
            "aps", "parse", "--kind", kind, Paths.corpus("apcmd/" + file),
        ])
        return document.data
    }

    @Test func openWrtBoardFirmwareAndUptime() throws {
        let board = try parse("owrt_ubus_system_board_rpi4_no_system_key.json", "ubus-system-board")
        let system = try #require(board["system"] as? [String: Any])
        #expect(system["model"] as? String == "Raspberry Pi 4 Model B Rev 1.4")
        #expect(system["firmware"] as? String == "OpenWrt")
        #expect(system["firmwareVersion"] as? String == "21.02.0-rc1")

        let info = try parse("owrt_ubus_system_info_luci6078.json", "ubus-system-info")
        #expect((info["system"] as? [String: Any])?["uptimeSeconds"] as? Int == 2925)
    }

    @Test func routerOSVersionsAndUptime() throws {
        let v6 = try #require(
            try parse("r_mikrotik_system_resource_print_v6.txt", "routeros-system-resource")[
                "system"] as? [String: Any])
        #expect(v6["firmwareVersion"] as? String == "6.42.5")
        #expect(v6["uptimeSeconds"] as? Int == 12_532)
        let v7 = try #require(
            try parse("r_mikrotik_system_resource_print_v7_18.txt", "routeros-system-resource")[
                "system"] as? [String: Any])
        #expect(v7["firmwareVersion"] as? String == "7.18.2")
        #expect(v7["model"] as? String == "RB5009UPr+S+")
    }

    @Test func clientsFollowTheInactiveTimeRule() throws {
        // 16 stations listed, 3 of them heard within 300 s.
        let mt7612e = try parse(
            "owrt_iw_station_dump_inactive_times_mt7612e.txt", "iw-station-dump")
        #expect((mt7612e["stations"] as? [Any])?.count == 16)
        #expect(mt7612e["clients"] as? Int == 3)

        let chains = try parse("r_openwrt_iw_station_dump_2chain_vs_4chain.txt", "iw-station-dump")
        let stations = try #require(chains["stations"] as? [[String: Any]])
        #expect(stations.map { $0["signalDBm"] as? Int } == [-57, -67])
        #expect(
            stations.map { $0["chainSignalsDBm"] as? [Int] } == [
                [-62, -59], [-67, -77, -95, -95],
            ])
        #expect(chains["clients"] as? Int == 2)
    }

    @Test func noMACAddressIsPrinted() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run([
            "aps", "parse", "--kind", "iw-station-dump",
            Paths.corpus("apcmd/r_openwrt_iw_station_dump_modern_mt7916.txt"),
        ])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.firstMatch(of: /[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}/) == nil)
    }
}

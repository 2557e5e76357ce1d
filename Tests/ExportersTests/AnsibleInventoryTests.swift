import Foundation
import Testing

@testable import Exporters

@Suite("Ansible inventory document")
struct AnsibleInventoryTests {
    static let hosts = [
        AnsibleHost(
            name: "ap-b", address: "10.0.0.2", port: 22, user: "admin", firmware: "routeros",
            hotspot: "CT-002", ward: "31135"),
        AnsibleHost(
            name: "ap-a", address: "10.0.0.1", port: 2222, user: "root", firmware: "openwrt",
            hotspot: "CT-001", hotspotName: "Bến Ninh Kiều", location: "38 Hai Bà Trưng",
            latitude: 10.0341, longitude: 105.7885, ward: "31120",
            wardName: "Phường Cái Khế"),
        AnsibleHost(
            name: "ap-c", address: "10.0.0.3", port: 22, user: "root", firmware: "openwrt"),
        AnsibleHost(
            name: "ap-off", address: "10.0.0.4", port: 22, user: "root", firmware: "openwrt",
            ward: "31120", enabled: false),
    ]

    @Test("groups by ward, firmware family and hotspot, under parents reachable from all")
    func groups() throws {
        let document = AnsibleInventory.list(Self.hosts)
        func hosts(_ group: String) -> [String]? {
            (document[group] as? [String: Any])?["hosts"] as? [String]
        }
        func children(_ group: String) -> [String]? {
            (document[group] as? [String: Any])?["children"] as? [String]
        }
        #expect(hosts("ward_31120") == ["ap-a"])
        #expect(hosts("ward_31135") == ["ap-b"])
        #expect(hosts("openwrt") == ["ap-a", "ap-c"])
        #expect(hosts("routeros") == ["ap-b"])
        #expect(hosts("hotspot_ct_001") == ["ap-a"])
        #expect(hosts("disabled") == ["ap-off"])
        #expect(hosts("ungrouped") == [])
        #expect(children("wards") == ["ward_31120", "ward_31135"])
        #expect(children("firmware") == ["openwrt", "routeros"])
        #expect(children("hotspots") == ["hotspot_ct_001", "hotspot_ct_002"])
        #expect(children("all") == ["ungrouped", "wards", "hotspots", "firmware", "disabled"])
    }

    @Test("_meta.hostvars holds every host's connection and ketnoi variables")
    func hostvars() throws {
        let document = AnsibleInventory.list(Self.hosts)
        let meta = try #require(document["_meta"] as? [String: Any])
        let hostvars = try #require(meta["hostvars"] as? [String: [String: Any]])
        #expect(hostvars.keys.sorted() == ["ap-a", "ap-b", "ap-c", "ap-off"])
        let a = try #require(hostvars["ap-a"])
        #expect(a["ansible_host"] as? String == "10.0.0.1")
        #expect(a["ansible_port"] as? Int == 2222)
        #expect(a["ansible_user"] as? String == "root")
        #expect(a["ketnoi_hotspot"] as? String == "CT-001")
        #expect(a["ketnoi_hotspot_name"] as? String == "Bến Ninh Kiều")
        #expect(a["ketnoi_ward"] as? String == "31120")
        #expect(a["ketnoi_ward_name"] as? String == "Phường Cái Khế")
        #expect(a["ketnoi_location"] as? String == "38 Hai Bà Trưng")
        #expect(a["ansible_network_os"] == nil)
        let b = try #require(hostvars["ap-b"])
        #expect(b["ansible_network_os"] as? String == "community.routeros.routeros")
        #expect(b["ansible_connection"] as? String == "ansible.netcommon.network_cli")
        #expect(hostvars["ap-off"]?["ketnoi_enabled"] as? Bool == false)
        #expect(hostvars["ap-c"]?["ketnoi_ward"] == nil)
    }

    @Test("an empty fleet is still a valid inventory with _meta")
    func empty() throws {
        let text = try AnsibleInventory.render(AnsibleInventory.list([]))
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(value?["_meta"] as? [String: [String: Int]] == ["hostvars": [:]])
        #expect((value?["all"] as? [String: [String]])?["children"] == ["ungrouped"])
        #expect(text.hasSuffix("}\n"))
    }

    @Test("group names keep lowercase letters and digits only")
    func groupNames() {
        #expect(AnsibleInventory.groupName("CT-001") == "ct_001")
        #expect(AnsibleInventory.groupName("Cái Khế") == "c_i_kh_")
        #expect(AnsibleInventory.groupName("") == "_")
    }
}

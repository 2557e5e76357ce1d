// Ansible's dynamic inventory script protocol: `--list` prints every group with its hosts and
// a `_meta.hostvars` object (so Ansible never calls `--host` per host); `--host H` prints one
// host's variables, `{}` for none. See ../shared/reference/ecosystem.md (a) and
// docs.ansible.com, "Developing dynamic inventory".

import Foundation

/// One access point as an Ansible host.
public struct AnsibleHost: Sendable, Equatable {
    public var name: String
    public var address: String
    public var port: Int
    public var user: String
    /// `openwrt`, `routeros` or `unifi`.
    public var firmware: String
    public var hotspot: String?
    public var hotspotName: String?
    /// The hotspot's street address.
    public var location: String?
    public var latitude: Double?
    public var longitude: Double?
    public var ward: String?
    public var wardName: String?
    public var enabled: Bool

    public init(
        name: String, address: String, port: Int, user: String, firmware: String,
        hotspot: String? = nil, hotspotName: String? = nil, location: String? = nil,
        latitude: Double? = nil, longitude: Double? = nil, ward: String? = nil,
        wardName: String? = nil, enabled: Bool = true
    ) {
        self.name = name
        self.address = address
        self.port = port
        self.user = user
        self.firmware = firmware
        self.hotspot = hotspot
        self.hotspotName = hotspotName
        self.location = location
        self.latitude = latitude
        self.longitude = longitude
        self.ward = ward
        self.wardName = wardName
        self.enabled = enabled
    }
}

/// Builds the JSON Ansible reads from an inventory script.
///
/// Groups: `ward_<code>` (children of `wards`), one per firmware family (children of
/// `firmware`), `hotspot_<code>` (children of `hotspots`), and `disabled` for access points
/// switched off in ketnoi, which are in no other group so that plays skip them.
public enum AnsibleInventory {
    /// The `--list` document.
    public static func list(_ hosts: [AnsibleHost]) -> [String: Any] {
        var groups: [String: [String]] = [:]
        var hostvars: [String: Any] = [:]
        var disabled: [String] = []
        for host in hosts.sorted(by: { $0.name < $1.name }) {
            hostvars[host.name] = variables(host)
            guard host.enabled else {
                disabled.append(host.name)
                continue
            }
            groups[groupName(host.firmware), default: []].append(host.name)
            if let ward = host.ward {
                groups["ward_" + groupName(ward), default: []].append(host.name)
            }
            if let hotspot = host.hotspot {
                groups["hotspot_" + groupName(hotspot), default: []].append(host.name)
            }
        }

        var document: [String: Any] = ["_meta": ["hostvars": hostvars]]
        var top = ["ungrouped"]
        document["ungrouped"] = ["hosts": [String]()]
        for (parent, prefix) in [("wards", "ward_"), ("hotspots", "hotspot_")] {
            let children = groups.keys.filter { $0.hasPrefix(prefix) }.sorted()
            guard !children.isEmpty else { continue }
            document[parent] = ["children": children]
            top.append(parent)
        }
        let families = groups.keys.filter { !$0.hasPrefix("ward_") && !$0.hasPrefix("hotspot_") }
            .sorted()
        if !families.isEmpty {
            document["firmware"] = ["children": families]
            top.append("firmware")
        }
        for (name, members) in groups {
            document[name] = ["hosts": members]
        }
        if !disabled.isEmpty {
            document["disabled"] = ["hosts": disabled]
            top.append("disabled")
        }
        document["all"] = ["children": top]
        return document
    }

    /// One host's variables: the Ansible connection variables and ketnoi's own.
    public static func variables(_ host: AnsibleHost) -> [String: Any] {
        var vars: [String: Any] = [
            "ansible_host": host.address,
            "ansible_port": host.port,
            "ansible_user": host.user,
            "ketnoi_firmware": host.firmware,
            "ketnoi_enabled": host.enabled,
        ]
        // OpenWrt and UniFi have no Python: plays against them use the raw module only.
        if host.firmware == "routeros" {
            vars["ansible_connection"] = "ansible.netcommon.network_cli"
            vars["ansible_network_os"] = "community.routeros.routeros"
        }
        let optional: [(String, Any?)] = [
            ("ketnoi_hotspot", host.hotspot), ("ketnoi_hotspot_name", host.hotspotName),
            ("ketnoi_location", host.location), ("ketnoi_latitude", host.latitude),
            ("ketnoi_longitude", host.longitude), ("ketnoi_ward", host.ward),
            ("ketnoi_ward_name", host.wardName),
        ]
        for (name, value) in optional {
            if let value { vars[name] = value }
        }
        return vars
    }

    /// JSON text of a document: keys sorted, UTF-8 as is, one trailing newline.
    public static func render(_ document: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: document,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A group name Ansible accepts without warning: lowercase letters, digits and `_`.
    public static func groupName(_ text: String) -> String {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            let ascii = scalar.isASCII
                && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
            name.unicodeScalars.append(ascii ? scalar : "_")
        }
        return name.isEmpty ? "_" : name
    }
}

/// MikroTik RouterOS (v6 and v7): `/system resource print`, the identity, the wireless
/// interfaces and the registration table, in terse form.
public struct RouterOSDriver: Driver {
    public init() {}

    public func collect(_ runner: CommandRunner) throws(SSHFailure) -> Collection {
        var collection = Collection()
        if case .system(let resource)? = try collection.gather(
            runner, "/system resource print without-paging", kind: "routeros-system-resource")
        {
            collection.system = resource.value
            collection.warnings += resource.warnings
        }
        collection.system.firmware = collection.system.firmware ?? "RouterOS"

        let identity = try runner.run("/system identity print without-paging", outputCap: 4096)
        if identity.exitStatus == 0 || identity.exitStatus == nil {
            // `name: MikroTik`; a name with control characters or absent is left out.
            let text = String(decoding: identity.stdout, as: UTF8.self)
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("name:") {
                    let name = trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces)
                    if !name.isEmpty && name.count <= 64 { collection.system.hostname = name }
                }
            }
        }

        if case .radios(let radios)? = try collection.gather(
            runner, "/interface wireless print terse without-paging",
            kind: "routeros-wireless-interfaces")
        {
            collection.radios = radios.value
            collection.warnings += radios.warnings
        }
        if case .stations(let stations)? = try collection.gather(
            runner, "/interface wireless registration-table print stats terse without-paging",
            kind: "routeros-registration-table")
        {
            collection.stations = stations.value
            collection.warnings += stations.warnings
        }
        return collection
    }
}

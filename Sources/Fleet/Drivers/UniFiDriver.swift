/// Ubiquiti UniFi: one `mca-dump` JSON document holds the system, radios, networks and stations.
public struct UniFiDriver: Driver {
    public init() {}

    public func collect(_ runner: CommandRunner) throws(SSHFailure) -> Collection {
        var collection = Collection()
        guard let dump = try collection.gather(runner, "mca-dump", kind: "mca-dump") else {
            return collection
        }
        switch dump {
        case .device(let parsed):
            collection.system = parsed.value.system
            collection.radios = parsed.value.radios
            collection.stations = parsed.value.stations
            collection.warnings += parsed.warnings
        default:
            collection.failedCommands.append("mca-dump: unexpected parser result")
        }
        collection.system.firmware = collection.system.firmware ?? "UniFi"
        return collection
    }
}

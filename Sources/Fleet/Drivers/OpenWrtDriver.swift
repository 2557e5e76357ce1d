/// OpenWrt: ubus JSON first (`system board`, `system info`, `network.wireless status`, the
/// `hostapd.*` objects and their clients), `iw` station dumps for inactive times and per-chain
/// signals, `/proc/net/dev` for counters; `iwinfo` when ubus has no wireless status.
///
/// Interface names come from `ubus list hostapd.*` and are validated by the parser before they
/// go into a later command; `wlan0` is never assumed.
public struct OpenWrtDriver: Driver {
    public init() {}

    public func collect(_ runner: CommandRunner) throws(SSHFailure) -> Collection {
        var collection = Collection()

        if case .system(let board)? = try collection.gather(
            runner, "ubus call system board", kind: "ubus-system-board")
        {
            collection.system = board.value
            collection.warnings += board.warnings
        }
        if case .system(let info)? = try collection.gather(
            runner, "ubus call system info", kind: "ubus-system-info")
        {
            collection.system.uptimeSeconds = info.value.uptimeSeconds
            collection.system.load1 = info.value.load1
            collection.system.load5 = info.value.load5
            collection.system.load15 = info.value.load15
            collection.system.memoryTotalBytes = info.value.memoryTotalBytes
            collection.system.memoryFreeBytes = info.value.memoryFreeBytes
            collection.system.memoryAvailableBytes = info.value.memoryAvailableBytes
            collection.warnings += info.warnings
        }
        if collection.system.firmware == nil { collection.system.firmware = "OpenWrt" }

        if case .radios(let radios)? = try collection.gather(
            runner, "ubus call network.wireless status", kind: "ubus-wireless-status")
        {
            collection.radios = radios.value
            collection.warnings += radios.warnings
        } else if case .radios(let radios)? = try collection.gather(
            runner, "iwinfo", kind: "iwinfo-info")
        {
            collection.radios = radios.value
            collection.warnings += radios.warnings
        }

        var interfaces: [String] = []
        if case .interfaces(let names)? = try collection.gather(
            runner, "ubus list hostapd.*", kind: "ubus-list")
        {
            interfaces = names.value
            collection.warnings += names.warnings
        }
        for interface in interfaces {
            var byMAC: [MACAddress: StationFacts] = [:]
            var unnamed: [StationFacts] = []
            if case .stations(let clients)? = try collection.gather(
                runner, "ubus call hostapd.\(interface) get_clients", kind: "hostapd-get-clients")
            {
                collection.warnings += clients.warnings
                for var station in clients.value {
                    station.interface = station.interface ?? interface
                    if let mac = station.mac {
                        byMAC[mac] = station
                    } else {
                        unnamed.append(station)
                    }
                }
            }
            // The station dump adds what hostapd does not say: inactive time, chain signals.
            if case .stations(let dump)? = try collection.gather(
                runner, "iw dev \(interface) station dump", kind: "iw-station-dump")
            {
                collection.warnings += dump.warnings
                for station in dump.value {
                    guard let mac = station.mac else {
                        if byMAC.isEmpty && unnamed.isEmpty { unnamed.append(station) }
                        continue
                    }
                    var merged = byMAC[mac] ?? station
                    merged.interface = merged.interface ?? interface
                    merged.inactiveMilliseconds =
                        station.inactiveMilliseconds ?? merged.inactiveMilliseconds
                    merged.inactiveWrapped = station.inactiveWrapped || merged.inactiveWrapped
                    if !station.chainSignalsDBm.isEmpty {
                        merged.chainSignalsDBm = station.chainSignalsDBm
                    }
                    merged.signalDBm = merged.signalDBm ?? station.signalDBm
                    merged.connectedSeconds = merged.connectedSeconds ?? station.connectedSeconds
                    byMAC[mac] = merged
                }
            }
            collection.stations += byMAC.values.sorted {
                $0.mac!.bytes.lexicographicallyPrecedes($1.mac!.bytes)
            }
            collection.stations += unnamed
        }

        if case .counters(let counters)? = try collection.gather(
            runner, "cat /proc/net/dev", kind: "proc-net-dev")
        {
            collection.counters = counters.value
            collection.warnings += counters.warnings
        }
        return collection
    }
}

// The one entry point to the access-point output parsers, by kind name, as used by
// `ketnoi aps parse --kind KIND FILE` and by the drivers.

import Foundation

/// The result of parsing one command output, by the type of what it describes.
public enum ParsedOutput: Sendable {
    case system(Parsed<SystemFacts>)
    case radios(Parsed<[RadioFacts]>)
    case stations(Parsed<[StationFacts]>)
    /// Interface names (from `ubus list hostapd.*`), validated for use in later commands.
    case interfaces(Parsed<[String]>)
    case counters(Parsed<[InterfaceCounters]>)
    /// A whole device at once (UniFi `mca-dump`).
    case device(Parsed<DeviceReport>)

    /// The warnings met while parsing.
    public var warnings: [ParseWarning] {
        switch self {
        case .system(let parsed): parsed.warnings
        case .radios(let parsed): parsed.warnings
        case .stations(let parsed): parsed.warnings
        case .interfaces(let parsed): parsed.warnings
        case .counters(let parsed): parsed.warnings
        case .device(let parsed): parsed.warnings
        }
    }
}

/// Parses a saved or captured command output by kind name.
public enum OutputParser {
    private static let parsers: [(String, @Sendable ([UInt8]) throws -> ParsedOutput)] = [
        ("ubus-system-board", { .system(try UbusParser.systemBoard($0)) }),
        ("ubus-system-info", { .system(try UbusParser.systemInfo($0)) }),
        ("ubus-wireless-status", { .radios(try UbusParser.wirelessStatus($0)) }),
        ("ubus-iwinfo-info", { .radios(try UbusParser.iwinfoInfo($0)) }),
        ("ubus-list", { .interfaces(try UbusParser.list($0)) }),
        ("hostapd-get-clients", { .stations(try UbusParser.hostapdClients($0)) }),
        ("iwinfo-info", { .radios(try IwinfoParser.info($0)) }),
        ("iwinfo-assoclist", { .stations(try IwinfoParser.assoclist($0)) }),
        ("iw-station-dump", { .stations(try IwStationDumpParser.parse($0)) }),
        ("uci-wireless-config", { .radios(try UciWirelessParser.parse($0)) }),
        ("proc-net-dev", { .counters(try ProcNetDevParser.parse($0)) }),
        ("routeros-system-resource", { .system(try RouterOSParser.systemResource($0)) }),
        ("routeros-registration-table",
         { .stations(try RouterOSParser.registrationTable($0)) }),
        ("routeros-wireless-interfaces",
         { .radios(try RouterOSParser.wirelessInterfaces($0)) }),
        ("mca-dump", { .device(try UniFiParser.mcaDump($0)) }),
    ]

    /// Every kind name `parse(kind:_:)` accepts, in a stable order.
    public static let kinds: [String] = parsers.map(\.0)

    /// Parses `bytes` as the output of the command named by `kind`.
    /// - Throws: `ParseError` when nothing usable is in the output, or when `kind` is not one
    ///   of `kinds` (the error lists them).
    public static func parse(kind: String, _ bytes: [UInt8]) throws -> ParsedOutput {
        guard let parser = parsers.first(where: { $0.0 == kind })?.1 else {
            throw ParseError(kind: excerpt(kind), reason: "unknown kind; known kinds: "
                + kinds.joined(separator: ", "))
        }
        return try parser(bytes)
    }
}

import Foundation
import Places
import Storage
import Tabular

/// Imports access points from CSV or a JSON array: `name, hotspot, address, port, user,
/// firmware, credential, interface, enabled`; updates by name; all-or-nothing like every import.
public struct AccessPointImporter {
    let db: Database
    let now: Date

    public init(_ db: Database, now: Date = Date()) {
        self.db = db
        self.now = now
    }

    public func importFile(
        _ path: String, csv: CSVReadOptions = .init(), mode: ImportMode = .allOrNothing
    ) throws -> ImportReport {
        let table = try ImportTable.read(path: path, csv: csv)
        for required in ["name", "address", "firmware"]
        where !table.columns.contains(where: { $0.lowercased() == required }) {
            throw ImportFailure(.badData, "\(table.file): no '\(required)' column (columns: "
                + table.columns.joined(separator: ", ") + ")")
        }
        var report = ImportReport(file: table.file, mode: mode)
        report.rowsRead = table.rows.count
        let source = URL(fileURLWithPath: path).lastPathComponent

        var accessPoints: [AccessPoint] = []
        var seen: [String: InputPlace] = [:]
        let hotspots = try hotspotCodes()
        for row in table.rows {
            let before = report.problems.count
            let ap = check(row, source: source, hotspots: hotspots) { field, reason in
                report.problems.append(
                    RowProblem(file: table.file, place: row.place, field: field, reason: reason))
            }
            if let ap {
                if let first = seen[ap.name] {
                    report.problems.append(RowProblem(
                        file: table.file, place: row.place, field: "name",
                        reason: "'\(ap.name)' repeats \(first.phrase)"))
                    continue
                }
                seen[ap.name] = row.place
                if report.problems.count == before { accessPoints.append(ap) }
            }
        }

        guard report.settle() else { return report }
        let store = AccessPointStore(db)
        try db.transaction {
            for ap in accessPoints {
                if try store.save(ap, now: now) { report.updated += 1 } else { report.created += 1 }
            }
        }
        report.wrote = !accessPoints.isEmpty
        return report
    }

    /// Adds or updates one access point typed on the command line, with the import's checks.
    public func add(_ cells: [String: String]) throws -> (report: ImportReport, saved: AccessPoint?)
    {
        var report = ImportReport(file: "command line", mode: .allOrNothing)
        report.rowsRead = 1
        let row = ImportRow(place: .file, cells: cells)
        let ap = check(row, source: "manual", hotspots: try hotspotCodes()) { field, reason in
            report.problems.append(
                RowProblem(file: "command line", place: .file, field: field, reason: reason))
        }
        guard report.problems.isEmpty, let ap else { return (report, nil) }
        if try AccessPointStore(db).save(ap, now: now) {
            report.updated = 1
        } else {
            report.created = 1
        }
        report.wrote = true
        return (report, ap)
    }

    /// The hotspot codes an access point may name, read once per import.
    private func hotspotCodes() throws -> Set<String> {
        Set(try db.query("SELECT code FROM hotspots").map { try $0.get("code", as: String.self) })
    }

    private func check(
        _ row: ImportRow, source: String, hotspots: Set<String>, problem: (String, String) -> Void
    ) -> AccessPoint? {
        func cell(_ column: String) -> String {
            (row.value(column) ?? "").trimmingCharacters(in: .whitespaces)
        }
        let name = cell("name")
        if name.isEmpty {
            problem("name", "missing")
        } else if !Self.isName(name, maxLength: 64) {
            problem("name", "\(CellParser.quoted(name)) may hold only letters, digits and . _ - "
                + "(at most 64)")
        }
        let address = cell("address")
        if address.isEmpty {
            problem("address", "missing")
        } else if !Self.isHostAddress(address) {
            problem("address", "\(CellParser.quoted(address)) is not a host name or IP address")
        }
        var port = 22
        let portText = cell("port")
        if !portText.isEmpty {
            if let value = Int(portText), (1...65535).contains(value) {
                port = value
            } else {
                problem("port", "\(CellParser.quoted(portText)) is not a port number (1 to 65535)")
            }
        }
        var user = cell("user")
        if user.isEmpty { user = "root" }
        if !Self.isName(user, maxLength: 32) {
            problem("user", "\(CellParser.quoted(user)) is not a user name")
        }
        let firmwareText = cell("firmware").lowercased()
        let firmware = FirmwareFamily(rawValue: firmwareText)
        if firmware == nil {
            problem("firmware", "\(CellParser.quoted(firmwareText)) is not one of "
                + FirmwareFamily.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let credential = cell("credential")
        if !credential.isEmpty {
            do {
                _ = try Credential.parseList(credential)
            } catch {
                problem("credential", error.description)
            }
        }
        let interface = cell("interface")
        if !interface.isEmpty && !Self.isName(interface, maxLength: 15) {
            problem("interface", "\(CellParser.quoted(interface)) is not an interface name")
        }
        var enabled = true
        let enabledText = cell("enabled").lowercased()
        switch enabledText {
        case "", "yes", "true", "1": enabled = true
        case "no", "false", "0": enabled = false
        default: problem("enabled", "\(CellParser.quoted(enabledText)) is not yes or no")
        }
        let hotspot = cell("hotspot")
        if !hotspot.isEmpty, !hotspots.contains(hotspot) {
            problem("hotspot", "'\(hotspot)' is not an imported hotspot")
        }

        guard let firmware, !name.isEmpty, !address.isEmpty else { return nil }
        return AccessPoint(
            name: name, hotspotCode: hotspot.isEmpty ? nil : hotspot, address: address, port: port,
            user: user, firmware: firmware, credential: credential,
            captureInterface: interface.isEmpty ? nil : interface, enabled: enabled, source: source)
    }

    /// Letters, digits and `. _ -`: safe in a command, a file name and a log line.
    static func isName(_ text: String, maxLength: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= maxLength && text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// A DNS name, an IPv4 address, or an IPv6 address (letters, digits, `. - :`).
    static func isHostAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 253, !text.hasPrefix("-") else { return false }
        return text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":")
        }
    }
}

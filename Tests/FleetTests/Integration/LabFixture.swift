import Fleet
import Foundation
import Lab
import Places
import Storage

/// A lab of simulated access points (real sshd on 127.0.0.1) and a fresh database with them
/// imported; everything is stopped and removed when the fixture goes.
final class LabFixture {
    let folder: URL
    let state: LabState
    let db: Database
    let keys: PseudonymKeyStore

    /// The `ketnoi` binary built beside the test binary: the lab's forced command.
    static var ketnoi: String {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(
            "ketnoi"
        ).path
    }

    init(count: Int, firmware: LabFirmware = .openwrt, seed: UInt64 = 7) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-fleet-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var options = LabOptions(
            directory: folder.appendingPathComponent("lab").path, executable: Self.ketnoi,
            user: NSUserName())
        options.count = count
        options.firmware = firmware
        options.seed = seed
        state = try Lab.up(options)
        let path = folder.appendingPathComponent("fleet.db").path
        db = try Database(path: path)
        _ = try Migrator(modules: [PlacesSchema.module, FleetSchema.module]).migrate(db)
        keys = PseudonymKeyStore(databasePath: path)
        let report = try AccessPointImporter(db).importFile(state.accessPointsCSV)
        precondition(report.problems.isEmpty, "lab CSV did not import: \(report.problems)")
    }

    var databasePath: String { folder.appendingPathComponent("fleet.db").path }

    func inventory(_ configure: (inout InventoryOptions) -> Void = { _ in }) throws -> InventoryRun
    {
        var options = InventoryOptions()
        options.timeouts = SSHTimeouts(
            connect: .seconds(2), authentication: .seconds(3), command: .seconds(3),
            overall: .seconds(4))
        configure(&options)
        return try InventoryRunner(db, keys: keys).run(options)
    }

    func fault(_ index: Int, _ fault: LabFault) throws {
        _ = try Lab.setFault(directory: state.directory, ap: Lab.apName(index: index), fault: fault)
    }

    deinit {
        _ = try? Lab.down(directory: state.directory)
        db.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension InventoryRun {
    func outcome(_ name: String) -> InventoryOutcome? {
        outcomes.first { $0.accessPoint.name == name }
    }
}

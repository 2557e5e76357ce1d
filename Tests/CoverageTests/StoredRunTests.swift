import Fleet
import Foundation
import Geo
import Places
import Storage
import Testing
import Usage

@testable import Coverage

/// A database file with every schema up to Coverage's, in its own temporary folder.
final class CoverageDatabase {
    let folder: URL
    let db: Database

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ketnoi-coverage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = try Database(path: folder.appendingPathComponent("test.db").path)
        _ = try Migrator(modules: [
            PlacesSchema.module, FleetSchema.module, UsageSchema.module, CoverageSchema.module,
        ]).migrate(db)
    }

    deinit {
        db.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite struct StoredRunTests {
    /// One ward known by its centre point, two hotspots; H1 has an access point with two
    /// inventory runs and two days of usage samples, H2 was never inventoried.
    static func seed(_ db: Database) throws {
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        try db.execute("""
            INSERT INTO areas (code, name, kind, published_area_km2, centre_lat, centre_lon,
                population, population_source, source, updated_at)
            VALUES ('31135', 'Phường Ninh Kiều', 'phường', 1.0, 10.0339, 105.7876, 8000,
                'test', 'test', ?)
            """, [now])
        let hotspots = HotspotStore(db)
        try hotspots.save(Hotspot(
            code: "H1", name: "Bến Ninh Kiều", coordinate: .init(latitude: 10.0339,
            longitude: 105.7876), areaCode: "31135", environment: .denseUrban, capacity: 100,
            source: "test"), now: now)
        try hotspots.save(Hotspot(
            code: "H2", name: "Chợ cổ",
            coordinate: .init(latitude: 10.0324, longitude: 105.7869),
            areaCode: "31135", environment: .urban, capacity: 50, source: "test"), now: now)

        try db.execute("""
            INSERT INTO access_points (id, name, hotspot_code, address, user, firmware, source,
                created_at, updated_at)
            VALUES (1, 'ap-1', 'H1', '192.0.2.1', 'root', 'openwrt', 'test', ?, ?)
            """, [now, now])
        var radio24 = RadioFacts()
        radio24.band = "2.4"
        radio24.txPowerDBm = 20
        var radio5 = RadioFacts()
        radio5.band = "5"
        radio5.txPowerDBm = 23
        let radios = String(decoding: try JSONEncoder().encode([radio24, radio5]), as: UTF8.self)
        for (run, clients) in [(1, 42), (2, 85)] {
            try db.execute("""
                INSERT INTO inventory_runs (id, started_at, concurrency) VALUES (?, ?, 1)
                """, [run, now])
            try db.execute("""
                INSERT INTO snapshots (run_id, ap_id, taken_at, result, duration_ms, clients,
                    radios)
                VALUES (?, 1, ?, 'ok', 10, ?, ?)
                """, [run, now.addingTimeInterval(Double(run)), clients, radios])
        }
        // Windows: 70 and 95 distinct devices; days: 3 and 1 devices.
        for (start, clients) in [("2025-10-09T08:00:00Z", 70), ("2025-10-09T08:05:00Z", 95)] {
            try db.execute("""
                INSERT INTO usage_windows (source, ap_id, window_start, window_seconds, packets,
                    bytes, bytes_up, bytes_down, bytes_unclassified, clients, probe_requests,
                    probe_sources, probe_sources_global, probe_sources_local, dhcp_discovers,
                    dhcp_requests, dns_queries, malformed, truncated, unknown_link_type,
                    sampled_at)
                VALUES ('ap:ap-1', 1, ?, 300, 0, 0, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)
                """, [start, clients, now])
        }
        for (day, pseudonym) in [
            ("2025-10-09", "a1"), ("2025-10-09", "a2"), ("2025-10-09", "a3"),
            ("2025-10-10", "b1"),
        ] {
            try db.execute("""
                INSERT INTO usage_day_devices (day, source, ap_id, pseudonym)
                VALUES (?, 'ap:ap-1', 1, ?)
                """, [day, pseudonym])
        }
    }

    @Test func saturationUseAndFootprintsComeFromTheFleetAndUsageTables() throws {
        let database = try CoverageDatabase()
        try Self.seed(database.db)
        let inputs = try CoverageInputs.read(database.db)

        let activity = try #require(inputs.activity["H1"])
        #expect(activity.peakConcurrentClients == 85)
        #expect(activity.peakWindowDevices == 95)
        #expect(activity.devicesPerDay == 2)
        #expect(activity.daysSampled == 2)
        #expect(inputs.activity["H2"] == nil)

        // Coverage is not the point here: no ward is unserved.
        var options = CoverageOptions()
        options.thresholds.unservedCoverageBelow = 0
        let result = CoverageCalculator.compute(inputs, options: options)
        let h1 = try #require(result.hotspots.first { $0.code == "H1" })
        let h2 = try #require(result.hotspots.first { $0.code == "H2" })
        #expect(h1.footprint.basis == .radios)
        #expect(h1.footprint.radius == 40)
        #expect(h2.footprint.basis == .classDefault)
        #expect(h1.saturation == 0.95)
        #expect(h2.saturation == nil)

        let ward = try #require(result.areas.first)
        #expect(ward.approximate)
        #expect(abs(ward.population - 8000) < 1e-9)
        #expect(ward.medianSaturation == 0.95)
        #expect(ward.devicesPerDay == 2)
        #expect(abs((ward.usePer1000 ?? 0) - 0.25) < 1e-12)
        #expect(ward.status == .underserved)
        #expect(ward.reasons == ["median saturation 95 % > 80 %"])
    }

    @Test func theLatestRunReadsBackAsStored() throws {
        let database = try CoverageDatabase()
        try Self.seed(database.db)
        let store = CoverageStore(database.db)
        #expect(try store.latestRun() == nil)

        var options = CoverageOptions()
        options.method = .enhanced
        options.catchment = 400
        let inputs = try CoverageInputs.read(database.db)
        let first = CoverageCalculator.compute(
            inputs, options: CoverageOptions(), now: Date(timeIntervalSince1970: 1_760_000_000))
        let second = CoverageCalculator.compute(
            inputs, options: options, now: Date(timeIntervalSince1970: 1_760_000_600))
        try store.save(first)
        let id = try store.save(second)

        let run = try #require(try store.latestRun())
        #expect(run.id == id)
        #expect(run.options == options)
        #expect(run.projection == "UTM zone 48N (EPSG:32648)")
        #expect(run.cells == second.grid.cellCount)
        #expect(run.meanAccessibility == second.meanAccessibility)
        #expect(run.areas == second.areas)
        // Positions are not stored; everything else is.
        #expect(run.hotspots.count == 2)
        for (stored, computed) in zip(run.hotspots, second.hotspots) {
            var (stored, computed) = (stored, computed)
            stored.position = ProjectedPoint(x: 0, y: 0)
            computed.position = stored.position
            #expect(stored == computed)
        }
    }
}

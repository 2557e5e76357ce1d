import Storage

/// The tables Coverage owns: coverage runs with their per-area and per-hotspot measures,
/// footprint overrides, and the optional population layer.
public enum CoverageSchema {
    public static let module = SchemaModule(name: "coverage", migrations: [
        Migration(1, "create coverage runs, measures, footprint overrides, population layer", """
            CREATE TABLE coverage_runs (
                id INTEGER PRIMARY KEY,
                computed_at TEXT NOT NULL,
                cell_m REAL NOT NULL CHECK (cell_m > 0),
                catchment_m REAL NOT NULL CHECK (catchment_m > 0),
                method TEXT NOT NULL CHECK (method IN ('2sfca', 'e2sfca')),
                zone_weights TEXT NOT NULL,
                unserved_below REAL NOT NULL,
                access_below_mean REAL NOT NULL,
                saturation_above REAL NOT NULL,
                projection TEXT NOT NULL,
                cells INTEGER NOT NULL,
                population REAL NOT NULL,
                covered_population REAL NOT NULL,
                mean_accessibility REAL NOT NULL,
                warnings TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE coverage_areas (
                run_id INTEGER NOT NULL REFERENCES coverage_runs(id) ON DELETE CASCADE,
                area_code TEXT NOT NULL,
                name TEXT NOT NULL,
                population REAL NOT NULL,
                cells INTEGER NOT NULL,
                approximate INTEGER NOT NULL,
                hotspots INTEGER NOT NULL,
                capacity INTEGER NOT NULL,
                covered_population REAL NOT NULL,
                coverage REAL,
                accessibility REAL NOT NULL,
                median_saturation REAL,
                devices_per_day REAL,
                use_per_1000 REAL,
                status TEXT NOT NULL,
                reasons TEXT NOT NULL DEFAULT '',
                rank INTEGER,
                PRIMARY KEY (run_id, area_code)
            );
            CREATE TABLE coverage_hotspots (
                run_id INTEGER NOT NULL REFERENCES coverage_runs(id) ON DELETE CASCADE,
                hotspot_code TEXT NOT NULL,
                name TEXT NOT NULL,
                area_code TEXT,
                latitude REAL NOT NULL,
                longitude REAL NOT NULL,
                radius_m REAL NOT NULL,
                footprint_basis TEXT NOT NULL,
                footprint_detail TEXT NOT NULL,
                capacity INTEGER,
                covered_population REAL NOT NULL,
                residents_in_reach REAL NOT NULL,
                weighted_demand REAL NOT NULL,
                ratio REAL,
                peak_clients INTEGER,
                peak_window_devices INTEGER,
                devices_per_day REAL,
                days_sampled INTEGER NOT NULL,
                saturation REAL,
                PRIMARY KEY (run_id, hotspot_code)
            );
            CREATE TABLE coverage_footprints (
                hotspot_code TEXT PRIMARY KEY NOT NULL
                    REFERENCES hotspots(code) ON DELETE CASCADE,
                radius_m REAL NOT NULL CHECK (radius_m > 0),
                note TEXT,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE population_points (
                id INTEGER PRIMARY KEY,
                latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
                longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
                people REAL NOT NULL CHECK (people >= 0),
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            """),
    ])
}

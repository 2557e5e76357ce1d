import Storage

/// The tables Fleet owns: access points, pinned host keys, inventory runs and snapshots, health,
/// the change log. (The day keys for pseudonyms are kept outside the database: see
/// `PseudonymKeyStore`.)
public enum FleetSchema {
    public static let module = SchemaModule(name: "fleet", migrations: [
        Migration(1, "create access points, inventory runs, snapshots, health and change log", """
            CREATE TABLE access_points (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                hotspot_code TEXT REFERENCES hotspots(code) ON DELETE SET NULL,
                address TEXT NOT NULL CHECK (address <> ''),
                port INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
                user TEXT NOT NULL CHECK (user <> ''),
                firmware TEXT NOT NULL CHECK (firmware IN ('openwrt', 'routeros', 'unifi')),
                credential TEXT NOT NULL DEFAULT '',
                capture_interface TEXT,
                enabled INTEGER NOT NULL DEFAULT 1,
                source TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX access_points_hotspot ON access_points(hotspot_code);
            CREATE TABLE host_keys (
                ap_id INTEGER PRIMARY KEY REFERENCES access_points(id) ON DELETE CASCADE,
                key_type TEXT NOT NULL,
                key_base64 TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                pinned_at TEXT NOT NULL
            );
            CREATE TABLE inventory_runs (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                access_points INTEGER NOT NULL DEFAULT 0,
                answered INTEGER NOT NULL DEFAULT 0,
                concurrency INTEGER NOT NULL
            );
            CREATE TABLE snapshots (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES inventory_runs(id) ON DELETE CASCADE,
                ap_id INTEGER NOT NULL REFERENCES access_points(id) ON DELETE CASCADE,
                taken_at TEXT NOT NULL,
                result TEXT NOT NULL,
                reason TEXT,
                duration_ms INTEGER NOT NULL,
                hostname TEXT,
                model TEXT,
                board TEXT,
                firmware TEXT,
                firmware_version TEXT,
                kernel TEXT,
                uptime_seconds INTEGER,
                load1 REAL,
                memory_total_bytes INTEGER,
                memory_free_bytes INTEGER,
                clients INTEGER,
                stations INTEGER,
                signal_histogram TEXT,
                radios TEXT,
                counters TEXT,
                warnings TEXT
            );
            CREATE INDEX snapshots_ap ON snapshots(ap_id, taken_at);
            CREATE TABLE snapshot_stations (
                snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
                pseudonym TEXT NOT NULL,
                locally_administered INTEGER NOT NULL,
                signal_dbm INTEGER,
                inactive_ms INTEGER,
                PRIMARY KEY (snapshot_id, pseudonym)
            );
            CREATE TABLE ap_health (
                ap_id INTEGER PRIMARY KEY REFERENCES access_points(id) ON DELETE CASCADE,
                state TEXT NOT NULL,
                reason TEXT,
                since TEXT NOT NULL,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                last_result TEXT NOT NULL,
                last_run_id INTEGER,
                last_ok_at TEXT
            );
            CREATE TABLE ap_changes (
                id INTEGER PRIMARY KEY,
                ap_id INTEGER NOT NULL REFERENCES access_points(id) ON DELETE CASCADE,
                changed_at TEXT NOT NULL,
                run_id INTEGER REFERENCES inventory_runs(id) ON DELETE SET NULL,
                field TEXT NOT NULL,
                before TEXT,
                after TEXT
            );
            CREATE INDEX ap_changes_ap ON ap_changes(ap_id, changed_at);
            """),
    ])
}

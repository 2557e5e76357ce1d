import Storage

/// The tables Usage owns: counters per source (an AP or a file) and window, and the day's
/// device pseudonyms per source for unique devices per day.
public enum UsageSchema {
    public static let module = SchemaModule(name: "usage", migrations: [
        Migration(1, "create usage windows and daily devices", """
            CREATE TABLE usage_windows (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                ap_id INTEGER REFERENCES access_points(id) ON DELETE CASCADE,
                window_start TEXT NOT NULL,
                window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
                packets INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                bytes_up INTEGER NOT NULL,
                bytes_down INTEGER NOT NULL,
                bytes_unclassified INTEGER NOT NULL,
                clients INTEGER NOT NULL,
                probe_requests INTEGER NOT NULL,
                probe_sources INTEGER NOT NULL,
                probe_sources_global INTEGER NOT NULL,
                probe_sources_local INTEGER NOT NULL,
                dhcp_discovers INTEGER NOT NULL,
                dhcp_requests INTEGER NOT NULL,
                dns_queries INTEGER NOT NULL,
                malformed INTEGER NOT NULL,
                truncated INTEGER NOT NULL,
                unknown_link_type INTEGER NOT NULL,
                sampled_at TEXT NOT NULL,
                UNIQUE (source, window_start, window_seconds)
            );
            CREATE INDEX usage_windows_ap ON usage_windows(ap_id, window_start);
            CREATE TABLE usage_day_devices (
                day TEXT NOT NULL,
                source TEXT NOT NULL,
                ap_id INTEGER REFERENCES access_points(id) ON DELETE CASCADE,
                pseudonym TEXT NOT NULL,
                PRIMARY KEY (day, source, pseudonym)
            );
            """),
    ])
}

import Storage

/// The tables Places owns: areas with their boundaries and populations, and hotspots.
public enum PlacesSchema {
    public static let module = SchemaModule(name: "places", migrations: [
        Migration(1, "create areas, area populations and hotspots", """
            CREATE TABLE areas (
                code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
                name TEXT NOT NULL CHECK (name <> ''),
                kind TEXT NOT NULL DEFAULT '',
                computed_area_km2 REAL,
                published_area_km2 REAL,
                centre_lat REAL,
                centre_lon REAL,
                boundary BLOB,
                population INTEGER CHECK (population IS NULL OR population >= 0),
                population_source TEXT,
                population_year INTEGER,
                source TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE area_populations (
                area_code TEXT NOT NULL REFERENCES areas(code) ON DELETE CASCADE,
                population_group TEXT NOT NULL,
                value INTEGER NOT NULL CHECK (value >= 0),
                source TEXT NOT NULL,
                year INTEGER,
                PRIMARY KEY (area_code, population_group)
            );
            CREATE TABLE hotspots (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                name TEXT NOT NULL CHECK (name <> ''),
                latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
                longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
                area_code TEXT REFERENCES areas(code) ON DELETE SET NULL,
                area_approximate INTEGER NOT NULL DEFAULT 0,
                environment TEXT CHECK (environment IN
                    ('dense-urban', 'urban', 'suburban', 'rural')),
                capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
                address TEXT,
                source TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX hotspots_area ON hotspots(area_code);
            """),
    ])
}

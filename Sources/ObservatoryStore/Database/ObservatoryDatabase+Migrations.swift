import GRDB

extension ObservatoryDatabase {
    /// The schema history. Append-only: never edit a registered migration, add a new one.
    /// Written with table names and SQL, never with record types, so that it stays valid
    /// whatever the Swift types become.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-observations") { db in
            try db.execute(sql: Schema.observations)
        }
        migrator.registerMigration("v1-territories") { db in
            try db.execute(sql: Schema.territories)
        }
        migrator.registerMigration("v1-rome") { db in
            try db.execute(sql: Schema.rome)
        }
        migrator.registerMigration("v1-fap-formacode-training") { db in
            try db.execute(sql: Schema.fapFormacodeTraining)
        }
        migrator.registerMigration("v2-ingest-log-and-labels") { db in
            try db.execute(sql: Schema.ingestLogAndLabels)
        }
        migrator.registerMigration("v3-referential-lookups-by-code") { db in
            try db.execute(sql: Schema.referentialLookups)
        }
        migrator.registerMigration("v4-fap-rome-qualification") { db in
            try db.execute(sql: Schema.fapRomeQualification)
        }
        migrator.registerMigration("v5-boundaries") { db in
            try db.execute(sql: Schema.boundaries)
        }
        return migrator
    }
}

/// The SQL of the migrations, frozen: each string belongs to one registered migration.
enum Schema {
    /// Territory boundaries as published (IGN Admin Express through the contours files): one
    /// GeoJSON geometry per territory of one geography, longitude/latitude WGS84, each file a
    /// source replaced whole.
    static let boundaries = """
        CREATE TABLE boundary (
            source TEXT NOT NULL CHECK (source <> ''),
            geography TEXT NOT NULL CHECK (geography <> ''),
            code TEXT NOT NULL CHECK (code <> ''),
            name TEXT NOT NULL,
            geometry TEXT NOT NULL CHECK (json_valid(geometry)),
            PRIMARY KEY (source, geography, code)
        ) STRICT;
        CREATE INDEX boundary_on_geography ON boundary (geography, code);
        """

    /// DARES's FAP-2021 passage table: each (ROME code, qualification 0–9) pair goes to one FAP341
    /// code. Kept row by row so that a FAP's ROME codes can be weighted by how many of their
    /// qualifications it receives.
    static let fapRomeQualification = """
        CREATE TABLE fap_rome_qualification (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            nomenclature TEXT NOT NULL CHECK (nomenclature IN ('FAP-2009', 'FAP-2021')),
            code_rome TEXT NOT NULL CHECK (code_rome GLOB '[A-N][0-9][0-9][0-9][0-9]'),
            qualification INTEGER NOT NULL CHECK (qualification BETWEEN 0 AND 9),
            fap_code TEXT NOT NULL CHECK (fap_code <> ''),
            PRIMARY KEY (source_id, nomenclature, code_rome, qualification)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX fap_rome_qualification_on_fap ON fap_rome_qualification (nomenclature, fap_code);
        """

    /// Lookups by métier that do not name a source (`?1 IS NULL OR source_id = …`) cannot use the
    /// (source_id, …) keys: these indexes serve them (5 ms → a few µs per call on the full ROME).
    static let referentialLookups = """
        CREATE INDEX competence_link_on_rome ON competence_link (code_rome);
        CREATE INDEX mobility_link_on_rome ON mobility_link (code_rome);
        CREATE INDEX rome_appellation_on_code_rome ON rome_appellation (code_rome);
        CREATE INDEX rome_metier_on_code ON rome_metier (code_rome);
        """

    static let ingestLogAndLabels = """
        -- One row per catalogue file ingested, whatever it fed (observations, territories, a referential),
        -- so that an unchanged file (same sha256) is skipped.
        CREATE TABLE ingested_file (
            dataset TEXT NOT NULL CHECK (dataset <> ''),
            file TEXT NOT NULL CHECK (file <> ''),
            vintage TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind <> ''),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
            url TEXT,
            fetched_at TEXT,
            ingested_at TEXT NOT NULL,
            summary TEXT NOT NULL,
            notes TEXT NOT NULL CHECK (json_valid(notes) AND json_type(notes) = 'array'),
            PRIMARY KEY (dataset, file)
        ) STRICT;

        -- Labels of dimension codes (a métier code's name), per dataset vintage.
        CREATE TABLE dimension_label (
            dataset TEXT NOT NULL,
            vintage TEXT NOT NULL,
            dimension TEXT NOT NULL,
            code TEXT NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (dataset, vintage, dimension, code)
        ) STRICT, WITHOUT ROWID;
        """

    static let observations = """
        CREATE TABLE dataset_vintage (
            id INTEGER PRIMARY KEY,
            dataset TEXT NOT NULL CHECK (dataset <> ''),
            vintage TEXT NOT NULL CHECK (vintage <> ''),
            source_file TEXT NOT NULL CHECK (source_file <> ''),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
            url TEXT,
            fetched_at TEXT,
            ingested_at TEXT NOT NULL,
            row_count INTEGER NOT NULL CHECK (row_count >= 0),
            present_count INTEGER NOT NULL CHECK (present_count >= 0),
            masked_count INTEGER NOT NULL CHECK (masked_count >= 0),
            missing_count INTEGER NOT NULL CHECK (missing_count >= 0),
            notes TEXT NOT NULL CHECK (json_valid(notes) AND json_type(notes) = 'array'),
            CHECK (row_count = present_count + masked_count + missing_count),
            UNIQUE (dataset, vintage)
        ) STRICT;

        CREATE TABLE measure (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name <> '')
        ) STRICT;

        -- Geographies are a table, not a CHECK list, so that a new one is one INSERT migration.
        CREATE TABLE geography (name TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
        INSERT INTO geography (name) VALUES ('commune'), ('ze2020'), ('bassin-bmo'), ('dep'),
            ('reg'), ('fr'), ('epci'), ('custom'), ('etablissement');

        CREATE TABLE territory (
            id INTEGER PRIMARY KEY,
            geography TEXT NOT NULL REFERENCES geography(name),
            code TEXT NOT NULL CHECK (code <> ''),
            UNIQUE (geography, code)
        ) STRICT;

        CREATE TABLE period (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('year', 'quarter', 'month')),
            year INTEGER NOT NULL,
            number INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            CHECK ((kind = 'year' AND number = 0) OR (kind = 'quarter' AND number BETWEEN 1 AND 4)
                   OR (kind = 'month' AND number BETWEEN 1 AND 12))
        ) STRICT;
        CREATE INDEX period_on_kind_ordinal ON period (kind, ordinal);

        -- A set of breakdown dimensions, canonical = sorted `key=value` pairs joined by `&`,
        -- with `%`, `&` and `=` percent-escaped; the empty set is ''.
        CREATE TABLE dimension_set (
            id INTEGER PRIMARY KEY,
            canonical TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE TABLE dimension (
            dimension_set_id INTEGER NOT NULL REFERENCES dimension_set(id),
            name TEXT NOT NULL CHECK (name <> ''),
            value TEXT NOT NULL,
            PRIMARY KEY (dimension_set_id, name)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX dimension_on_name_value ON dimension (name, value);

        -- One published cell. status: 0 present, 1 masked (secret statistique), 2 missing.
        -- The key columns carry no REFERENCES clause: checking five parents per row cost 2.5 µs
        -- a row, five times the insert itself. The writer takes every id from its table in the
        -- same transaction and dictionary rows are never deleted; `integrityProblems()` checks.
        -- BETWEEN, not IN: SQLite 3.40 builds a temporary table per row to check an IN list.
        CREATE TABLE observation (
            vintage_id INTEGER NOT NULL,
            measure_id INTEGER NOT NULL,
            territory_id INTEGER NOT NULL,
            period_id INTEGER NOT NULL,
            dimension_set_id INTEGER NOT NULL,
            value REAL CHECK (value IS NULL OR abs(value) <= 1.7976931348623157e308),
            status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 2),
            CHECK ((status = 0) = (value IS NOT NULL)),
            PRIMARY KEY (vintage_id, measure_id, territory_id, period_id, dimension_set_id)
        ) STRICT, WITHOUT ROWID;
        """

    static let territories = """
        -- A referential that names territories and lists memberships, e.g. 'insee-ze2020@2022'.
        -- revision grows with each replacement: the latest replaced source names a territory.
        CREATE TABLE territory_source (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (name <> ''),
            revision INTEGER NOT NULL UNIQUE,
            replaced_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE territory_name (
            source_id INTEGER NOT NULL REFERENCES territory_source(id),
            territory_id INTEGER NOT NULL REFERENCES territory(id),
            name TEXT NOT NULL CHECK (name <> ''),
            search_key TEXT NOT NULL,
            PRIMARY KEY (source_id, territory_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX territory_name_on_territory ON territory_name (territory_id);

        CREATE TABLE membership (
            source_id INTEGER NOT NULL REFERENCES territory_source(id),
            member_id INTEGER NOT NULL REFERENCES territory(id),
            parent_id INTEGER NOT NULL REFERENCES territory(id),
            is_partial INTEGER NOT NULL CHECK (is_partial IN (0, 1)),
            CHECK (member_id <> parent_id),
            PRIMARY KEY (source_id, member_id, parent_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX membership_on_member ON membership (member_id);
        CREATE INDEX membership_on_parent ON membership (parent_id);
        """
}

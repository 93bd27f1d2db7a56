extension Schema {
    static let rome = """
        -- One replaceable set of referential rows, e.g. ('rome', 'rome-v460').
        CREATE TABLE referential_source (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('rome', 'fap', 'formacode', 'training', 'certification')),
            name TEXT NOT NULL CHECK (name <> ''),
            revision INTEGER NOT NULL UNIQUE,
            replaced_at TEXT NOT NULL,
            row_count INTEGER NOT NULL CHECK (row_count >= 0),
            UNIQUE (kind, name)
        ) STRICT;

        CREATE TABLE rome_metier (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code_rome TEXT NOT NULL CHECK (code_rome GLOB '[A-N][0-9][0-9][0-9][0-9]'),
            libelle TEXT NOT NULL CHECK (libelle <> ''),
            transition_eco TEXT CHECK (transition_eco <> ''),
            transition_numerique INTEGER CHECK (transition_numerique IN (0, 1)),
            transition_demographique INTEGER CHECK (transition_demographique IN (0, 1)),
            emploi_reglemente INTEGER CHECK (emploi_reglemente IN (0, 1)),
            emploi_cadre INTEGER CHECK (emploi_cadre IN (0, 1)),
            code_rome_parent TEXT CHECK (code_rome_parent GLOB '[A-N][0-9][0-9][0-9][0-9]'),
            PRIMARY KEY (source_id, code_rome)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE rome_appellation (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code_ogr TEXT NOT NULL CHECK (code_ogr <> ''),
            libelle TEXT NOT NULL CHECK (libelle <> ''),
            code_rome TEXT NOT NULL,
            PRIMARY KEY (source_id, code_ogr),
            FOREIGN KEY (source_id, code_rome) REFERENCES rome_metier (source_id, code_rome)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX rome_appellation_on_rome ON rome_appellation (source_id, code_rome);

        CREATE TABLE competence (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code_ogr TEXT NOT NULL CHECK (code_ogr <> ''),
            libelle TEXT NOT NULL CHECK (libelle <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('savoir-faire', 'savoir-etre', 'savoir')),
            category TEXT CHECK (category <> ''),
            PRIMARY KEY (source_id, code_ogr)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE competence_link (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code_rome TEXT NOT NULL,
            code_ogr TEXT NOT NULL,
            kind TEXT CHECK (kind IN ('savoir-faire', 'savoir-etre', 'savoir')),
            coeur_metier TEXT CHECK (coeur_metier <> ''),
            PRIMARY KEY (source_id, code_rome, code_ogr),
            FOREIGN KEY (source_id, code_rome) REFERENCES rome_metier (source_id, code_rome),
            FOREIGN KEY (source_id, code_ogr) REFERENCES competence (source_id, code_ogr)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX competence_link_on_competence ON competence_link (source_id, code_ogr);

        CREATE TABLE mobility_link (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code_rome TEXT NOT NULL,
            code_rome_cible TEXT NOT NULL CHECK (code_rome_cible GLOB '[A-N][0-9][0-9][0-9][0-9]'),
            numero_ordre INTEGER NOT NULL CHECK (numero_ordre >= 0),
            CHECK (code_rome <> code_rome_cible),
            PRIMARY KEY (source_id, code_rome, code_rome_cible),
            FOREIGN KEY (source_id, code_rome) REFERENCES rome_metier (source_id, code_rome)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX mobility_link_on_target ON mobility_link (source_id, code_rome_cible);
        """

    static let fapFormacodeTraining = """
        CREATE TABLE fap_label (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            nomenclature TEXT NOT NULL CHECK (nomenclature IN ('FAP-2009', 'FAP-2021')),
            code TEXT NOT NULL CHECK (code <> ''),
            libelle TEXT NOT NULL CHECK (libelle <> ''),
            level TEXT CHECK (level <> ''),
            parent_code TEXT CHECK (parent_code <> code),
            PRIMARY KEY (source_id, nomenclature, code)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE fap_rome (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            nomenclature TEXT NOT NULL CHECK (nomenclature IN ('FAP-2009', 'FAP-2021')),
            fap_code TEXT NOT NULL CHECK (fap_code <> ''),
            code_rome TEXT NOT NULL CHECK (code_rome GLOB '[A-N][0-9][0-9][0-9][0-9]'),
            PRIMARY KEY (source_id, nomenclature, fap_code, code_rome)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX fap_rome_on_rome ON fap_rome (code_rome);

        CREATE TABLE formacode (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code TEXT NOT NULL CHECK (code <> ''),
            libelle TEXT NOT NULL CHECK (libelle <> ''),
            PRIMARY KEY (source_id, code)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE rome_formacode (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            code_rome TEXT NOT NULL CHECK (code_rome GLOB '[A-N][0-9][0-9][0-9][0-9]'),
            formacode TEXT NOT NULL CHECK (formacode <> ''),
            PRIMARY KEY (source_id, code_rome, formacode)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX rome_formacode_on_formacode ON rome_formacode (formacode);

        CREATE TABLE training_offer (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            offer_id TEXT NOT NULL CHECK (offer_id <> ''),
            title TEXT NOT NULL CHECK (title <> ''),
            commune_code TEXT CHECK (commune_code <> ''),
            place_label TEXT,
            PRIMARY KEY (source_id, offer_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX training_offer_on_commune ON training_offer (commune_code);

        -- The codes an offer or a certification is indexed by; kind says which referential.
        CREATE TABLE training_offer_code (
            source_id INTEGER NOT NULL,
            offer_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('formacode', 'rome', 'rncp')),
            code TEXT NOT NULL CHECK (code <> ''),
            PRIMARY KEY (source_id, offer_id, kind, code),
            FOREIGN KEY (source_id, offer_id) REFERENCES training_offer (source_id, offer_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX training_offer_code_on_code ON training_offer_code (kind, code);

        -- Dates are ISO days (YYYY-MM-DD); NULL when the catalogue gives none.
        CREATE TABLE training_session (
            source_id INTEGER NOT NULL,
            offer_id TEXT NOT NULL,
            position INTEGER NOT NULL CHECK (position >= 0),
            start_date TEXT CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            end_date TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            CHECK (end_date >= start_date),
            PRIMARY KEY (source_id, offer_id, position),
            FOREIGN KEY (source_id, offer_id) REFERENCES training_offer (source_id, offer_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE certification (
            source_id INTEGER NOT NULL REFERENCES referential_source(id),
            numero TEXT NOT NULL CHECK (numero <> ''),
            intitule TEXT NOT NULL CHECK (intitule <> ''),
            is_active INTEGER NOT NULL CHECK (is_active IN (0, 1)),
            PRIMARY KEY (source_id, numero)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE certification_code (
            source_id INTEGER NOT NULL,
            numero TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('rome', 'formacode', 'nsf')),
            code TEXT NOT NULL CHECK (code <> ''),
            PRIMARY KEY (source_id, numero, kind, code),
            FOREIGN KEY (source_id, numero) REFERENCES certification (source_id, numero)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX certification_code_on_code ON certification_code (kind, code);

        CREATE TABLE certification_block (
            source_id INTEGER NOT NULL,
            numero TEXT NOT NULL,
            code TEXT NOT NULL CHECK (code <> ''),
            libelle TEXT NOT NULL CHECK (libelle <> ''),
            PRIMARY KEY (source_id, numero, code),
            FOREIGN KEY (source_id, numero) REFERENCES certification (source_id, numero)
        ) STRICT, WITHOUT ROWID;
        """
}

import GRDB

extension ObservatoryDatabase {
    /// Replaces one set of FAP labels, FAP → ROME links and (ROME, qualification) → FAP rows
    /// (e.g. source `fap/fap225_rome.csv`), whole or not at all. Links are not checked against the
    /// labels: crosswalks and label files are published separately.
    /// - Throws: `StoreError.rowRejected` naming the first refused row; the previous set is kept.
    @discardableResult
    public func replaceFAP(source: String, labels: [FAPLabel], romeLinks: [FAPRomeLink],
                           qualifications: [FAPRomeQualification] = []) throws -> ReferentialSource {
        try replaceReferential(.fap, source: source, rowCount: labels.count + romeLinks.count + qualifications.count) { db, id in
            let passage = try db.makeStatement(sql: """
                INSERT INTO fap_rome_qualification (source_id, nomenclature, code_rome, qualification, fap_code)
                VALUES (?, ?, ?, ?, ?)
                """)
            for q in qualifications {
                try Self.insert(passage, [id, q.nomenclature.rawValue, q.romeCode, q.qualification, q.fapCode],
                                row: "\(q.romeCode) qualification \(q.qualification) → \(q.nomenclature.rawValue) \(q.fapCode)")
            }
            let label = try db.makeStatement(sql: """
                INSERT INTO fap_label (source_id, nomenclature, code, libelle, level, parent_code) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for l in labels {
                try Self.insert(label, [id, l.nomenclature.rawValue, l.code, l.label, l.level, l.parentCode],
                                row: "\(l.nomenclature.rawValue) label \(l.code) '\(l.label)'")
            }
            let link = try db.makeStatement(sql: """
                INSERT INTO fap_rome (source_id, nomenclature, fap_code, code_rome) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
            for l in romeLinks {
                try Self.insert(link, [id, l.nomenclature.rawValue, l.fapCode, l.romeCode],
                                row: "\(l.nomenclature.rawValue) link \(l.fapCode) → \(l.romeCode)")
            }
        }
    }

    /// The label of a FAP code; `nil` when unknown.
    public func fapLabel(_ code: String, nomenclature: FAPNomenclature, source: String? = nil) throws -> FAPLabel? {
        try fapLabels(nomenclature: nomenclature, code: code, source: source).first
    }

    /// The labels of a nomenclature, in code order.
    public func fapLabels(nomenclature: FAPNomenclature, source: String? = nil) throws -> [FAPLabel] {
        try fapLabels(nomenclature: nomenclature, code: nil, source: source)
    }

    /// The ROME codes of a FAP code, in order.
    public func romeCodes(forFAP code: String, nomenclature: FAPNomenclature, source: String? = nil) throws -> [String] {
        try read("the ROME codes of \(nomenclature.rawValue) \(code)") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT code_rome FROM fap_rome l
                WHERE \(Self.sourceCondition(.fap, alias: "l")) AND nomenclature = ?2 AND fap_code = ?3
                ORDER BY code_rome
                """, arguments: [source, nomenclature.rawValue, code])
        }
    }

    /// The FAP codes of a ROME code, in order.
    public func fapCodes(forRome code: String, nomenclature: FAPNomenclature, source: String? = nil) throws -> [String] {
        try read("the \(nomenclature.rawValue) codes of \(code)") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT fap_code FROM fap_rome l
                WHERE \(Self.sourceCondition(.fap, alias: "l")) AND nomenclature = ?2 AND code_rome = ?3
                ORDER BY fap_code
                """, arguments: [source, nomenclature.rawValue, code])
        }
    }

    /// Replaces one Formacode thesaurus and its ROME correspondence (e.g. source
    /// `formacode-v12`), whole or not at all.
    /// - Throws: `StoreError.rowRejected` naming the first refused row; the previous one is kept.
    @discardableResult
    public func replaceFormacode(source: String, formacodes: [Formacode],
                                 romeLinks: [RomeFormacodeLink]) throws -> ReferentialSource {
        try replaceReferential(.formacode, source: source, rowCount: formacodes.count + romeLinks.count) { db, id in
            let formacode = try db.makeStatement(sql: "INSERT INTO formacode (source_id, code, libelle) VALUES (?, ?, ?)")
            for f in formacodes {
                try Self.insert(formacode, [id, f.code, f.label], row: "Formacode \(f.code) '\(f.label)'")
            }
            let link = try db.makeStatement(sql: """
                INSERT INTO rome_formacode (source_id, code_rome, formacode) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                """)
            for l in romeLinks {
                try Self.insert(link, [id, l.romeCode, l.formacode], row: "link \(l.romeCode) → Formacode \(l.formacode)")
            }
        }
    }

    /// The Formacode entry; `nil` when unknown.
    public func formacode(_ code: String, source: String? = nil) throws -> Formacode? {
        try read("Formacode \(code)") { db in
            try Row.fetchOne(db, sql: """
                SELECT f.code, f.libelle FROM formacode f JOIN referential_source s ON s.id = f.source_id
                WHERE \(Self.sourceCondition(.formacode, alias: "f")) AND f.code = ?2 ORDER BY s.revision DESC
                """, arguments: [source, code])
                .map { Formacode(code: $0[0], label: $0[1]) }
        }
    }

    /// The Formacodes of a ROME code, in order.
    public func formacodes(forRome code: String, source: String? = nil) throws -> [String] {
        try read("the Formacodes of \(code)") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT formacode FROM rome_formacode l
                WHERE \(Self.sourceCondition(.formacode, alias: "l")) AND code_rome = ?2 ORDER BY formacode
                """, arguments: [source, code])
        }
    }

    /// The ROME codes of a Formacode, in order.
    public func romeCodes(forFormacode code: String, source: String? = nil) throws -> [String] {
        try read("the ROME codes of Formacode \(code)") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT code_rome FROM rome_formacode l
                WHERE \(Self.sourceCondition(.formacode, alias: "l")) AND formacode = ?2 ORDER BY code_rome
                """, arguments: [source, code])
        }
    }

    private func fapLabels(nomenclature: FAPNomenclature, code: String?, source: String?) throws -> [FAPLabel] {
        try read("\(nomenclature.rawValue) labels") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT l.code, l.libelle, l.level, l.parent_code FROM fap_label l
                JOIN referential_source s ON s.id = l.source_id
                WHERE \(Self.sourceCondition(.fap, alias: "l")) AND l.nomenclature = ?2 AND (?3 IS NULL OR l.code = ?3)
                ORDER BY l.code, s.revision DESC
                """, arguments: [source, nomenclature.rawValue, code])
            var seen = Set<String>()
            return rows.compactMap { row in
                guard seen.insert(row[0]).inserted else { return nil }
                return FAPLabel(code: row[0], label: row[1], nomenclature: nomenclature, level: row[2],
                                parentCode: row[3])
            }
        }
    }
}

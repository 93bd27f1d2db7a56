import GRDB

extension ObservatoryDatabase {
    /// Replaces one ROME release (e.g. source `rome-v460`), whole or not at all.
    /// Appellations and links must name stored métiers and competences; mobility targets may
    /// lie outside them. A competence link or mobility link given twice is stored once.
    /// - Throws: `StoreError.rowRejected` naming the first refused row (a malformed ROME code,
    ///   a duplicate métier, a link to an unknown competence…); the previous release is kept.
    @discardableResult
    public func replaceRome(source: String, _ referential: RomeReferential) throws -> ReferentialSource {
        try replaceReferential(.rome, source: source, rowCount: referential.rowCount) { db, id in
            let metier = try db.makeStatement(sql: """
                INSERT INTO rome_metier (source_id, code_rome, libelle, transition_eco, transition_numerique,
                    transition_demographique, emploi_reglemente, emploi_cadre, code_rome_parent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for m in referential.metiers {
                try Self.insert(metier, [id, m.code, m.label, m.transitionEco, m.transitionNumerique,
                                         m.transitionDemographique, m.emploiReglemente, m.emploiCadre, m.parentCode],
                                row: "métier \(m.code) '\(m.label)'")
            }
            let appellation = try db.makeStatement(sql: """
                INSERT INTO rome_appellation (source_id, code_ogr, libelle, code_rome) VALUES (?, ?, ?, ?)
                """)
            for a in referential.appellations {
                try Self.insert(appellation, [id, a.code, a.label, a.romeCode],
                                row: "appellation \(a.code) '\(a.label)' of \(a.romeCode)")
            }
            let competence = try db.makeStatement(sql: """
                INSERT INTO competence (source_id, code_ogr, libelle, kind, category) VALUES (?, ?, ?, ?, ?)
                """)
            for c in referential.competences {
                try Self.insert(competence, [id, c.code, c.label, c.kind.rawValue, c.category],
                                row: "competence \(c.code) '\(c.label)'")
            }
            let link = try db.makeStatement(sql: """
                INSERT INTO competence_link (source_id, code_rome, code_ogr, kind, coeur_metier) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (source_id, code_rome, code_ogr) DO UPDATE SET
                    kind = coalesce(kind, excluded.kind), coeur_metier = coalesce(coeur_metier, excluded.coeur_metier)
                """)
            for l in referential.competenceLinks {
                try Self.insert(link, [id, l.romeCode, l.competenceCode, l.kind?.rawValue, l.coeurMetier],
                                row: "link of \(l.romeCode) to competence \(l.competenceCode)")
            }
            let mobility = try db.makeStatement(sql: """
                INSERT INTO mobility_link (source_id, code_rome, code_rome_cible, numero_ordre) VALUES (?, ?, ?, ?)
                ON CONFLICT (source_id, code_rome, code_rome_cible) DO UPDATE SET
                    numero_ordre = min(numero_ordre, excluded.numero_ordre)
                """)
            for l in referential.mobilityLinks {
                try Self.insert(mobility, [id, l.romeCode, l.targetRomeCode, l.order],
                                row: "mobility from \(l.romeCode) to \(l.targetRomeCode)")
            }
        }
    }

    /// The métier; `nil` when no stored release has it.
    /// - Parameter source: one release; `nil` for any (the latest replaced wins).
    public func romeMetier(_ code: String, source: String? = nil) throws -> RomeMetier? {
        try romeMetiers(where: "AND m.code_rome = ?2", [source, code]).first
    }

    /// The métiers, in code order.
    public func romeMetiers(source: String? = nil) throws -> [RomeMetier] {
        try romeMetiers(where: "", [source])
    }

    /// The appellations of a métier, in label order.
    public func appellations(ofRome code: String, source: String? = nil) throws -> [RomeAppellation] {
        try read("the appellations of \(code)") { db in
            try Row.fetchAll(db, sql: """
                SELECT code_ogr, libelle, code_rome FROM rome_appellation a
                WHERE \(Self.sourceCondition(.rome, alias: "a")) AND code_rome = ?2 ORDER BY libelle, code_ogr
                """, arguments: [source, code])
                .map { RomeAppellation(code: $0[0], label: $0[1], romeCode: $0[2]) }.uniqued()
        }
    }

    /// The competences of a métier, savoir-faire first, then savoir-être, then savoirs, each in
    /// label order.
    /// - Parameter kind: only this rubrique; `nil` for all.
    public func competences(ofRome code: String, kind: CompetenceKind? = nil,
                            source: String? = nil) throws -> [Competence] {
        try read("the competences of \(code)") { db in
            try Row.fetchAll(db, sql: """
                SELECT c.code_ogr, c.libelle, c.kind, c.category
                FROM competence_link l
                JOIN competence c ON c.source_id = l.source_id AND c.code_ogr = l.code_ogr
                WHERE \(Self.sourceCondition(.rome, alias: "l")) AND l.code_rome = ?2 AND (?3 IS NULL OR c.kind = ?3)
                ORDER BY CASE c.kind WHEN 'savoir-faire' THEN 0 WHEN 'savoir-etre' THEN 1 ELSE 2 END,
                         c.libelle, c.code_ogr
                """, arguments: [source, code, kind?.rawValue])
                .compactMap { row -> Competence? in
                    guard let kind = CompetenceKind(rawValue: row[2]) else { return nil }
                    return Competence(code: row[0], label: row[1], kind: kind, category: row[3])
                }
                .uniqued()
        }
    }

    /// The competence links of a métier, in competence code order.
    public func competenceLinks(ofRome code: String, source: String? = nil) throws -> [CompetenceLink] {
        try read("the competence links of \(code)") { db in
            try Row.fetchAll(db, sql: """
                SELECT code_rome, code_ogr, kind, coeur_metier FROM competence_link l
                WHERE \(Self.sourceCondition(.rome, alias: "l")) AND code_rome = ?2 ORDER BY code_ogr
                """, arguments: [source, code])
                .map { CompetenceLink(romeCode: $0[0], competenceCode: $0[1],
                                      kind: ($0[2] as String?).flatMap(CompetenceKind.init(rawValue:)),
                                      coeurMetier: $0[3]) }
                .uniqued()
        }
    }

    /// The métiers that call for a competence, in code order.
    public func romeCodes(withCompetence competenceCode: String, source: String? = nil) throws -> [String] {
        try read("the métiers with competence \(competenceCode)") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT code_rome FROM competence_link l
                WHERE \(Self.sourceCondition(.rome, alias: "l")) AND code_ogr = ?2 ORDER BY code_rome
                """, arguments: [source, competenceCode])
        }
    }

    /// The mobilities from a métier, in the publisher's order.
    public func mobilityLinks(from code: String, source: String? = nil) throws -> [MobilityLink] {
        try mobilityLinks(where: "code_rome = ?2", code, source)
    }

    /// The mobilities towards a métier, in source métier order.
    public func mobilityLinks(to code: String, source: String? = nil) throws -> [MobilityLink] {
        try mobilityLinks(where: "code_rome_cible = ?2", code, source)
            .sorted { ($0.romeCode, $0.order) < ($1.romeCode, $1.order) }
    }

    private func mobilityLinks(where condition: String, _ code: String, _ source: String?) throws -> [MobilityLink] {
        try read("the mobilities of \(code)") { db in
            try Row.fetchAll(db, sql: """
                SELECT code_rome, code_rome_cible, numero_ordre FROM mobility_link l
                WHERE \(Self.sourceCondition(.rome, alias: "l")) AND \(condition)
                ORDER BY numero_ordre, code_rome_cible
                """, arguments: [source, code])
                .map { MobilityLink(romeCode: $0[0], targetRomeCode: $0[1], order: $0[2]) }
                .uniqued()
        }
    }

    private func romeMetiers(where condition: String, _ arguments: StatementArguments) throws -> [RomeMetier] {
        try read("ROME métiers") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.code_rome, m.libelle, m.transition_eco, m.transition_numerique, m.transition_demographique,
                       m.emploi_reglemente, m.emploi_cadre, m.code_rome_parent
                FROM rome_metier m JOIN referential_source s ON s.id = m.source_id
                WHERE \(Self.sourceCondition(.rome, alias: "m")) \(condition)
                ORDER BY m.code_rome, s.revision DESC
                """, arguments: arguments)
            var seen = Set<String>()
            return rows.compactMap { row in
                guard seen.insert(row[0]).inserted else { return nil }
                return RomeMetier(code: row[0], label: row[1], transitionEco: row[2], transitionNumerique: row[3],
                                  transitionDemographique: row[4], emploiReglemente: row[5], emploiCadre: row[6],
                                  parentCode: row[7])
            }
        }
    }
}

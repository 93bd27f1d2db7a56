import Foundation
import GRDB

extension ObservatoryDatabase {
    /// Replaces one catalogue of training offers (e.g. source `carif-cvl`), whole or not at all.
    /// - Throws: `StoreError.rowRejected` for a duplicate offer id, an empty title, a date that
    ///   is not `YYYY-MM-DD` or a session ending before it starts; the previous catalogue is kept.
    @discardableResult
    public func replaceTrainingOffers(source: String, _ offers: [TrainingOffer]) throws -> ReferentialSource {
        try replaceReferential(.training, source: source, rowCount: offers.count) { db, id in
            let offer = try db.makeStatement(sql: """
                INSERT INTO training_offer (source_id, offer_id, title, commune_code, place_label) VALUES (?, ?, ?, ?, ?)
                """)
            let code = try db.makeStatement(sql: """
                INSERT INTO training_offer_code (source_id, offer_id, kind, code) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
            let session = try db.makeStatement(sql: """
                INSERT INTO training_session (source_id, offer_id, position, start_date, end_date) VALUES (?, ?, ?, ?, ?)
                """)
            for o in offers {
                try Self.insert(offer, [id, o.id, o.title, o.communeCode, o.placeLabel], row: "offer \(o.id) '\(o.title)'")
                for (kind, codes) in [("formacode", o.formacodes), ("rome", o.romeCodes), ("rncp", o.rncpCodes)] {
                    for c in codes {
                        try Self.insert(code, [id, o.id, kind, c], row: "\(kind) code '\(c)' of offer \(o.id)")
                    }
                }
                for (position, s) in o.sessions.enumerated() {
                    try Self.insert(session, [id, o.id, position, s.start, s.end],
                                    row: "session \(s.start ?? "?")–\(s.end ?? "?") of offer \(o.id)")
                }
            }
        }
    }

    /// The training offers, in id order.
    /// - Parameters:
    ///   - romeCode: only offers leading to this ROME code; `nil` for all.
    ///   - formacode: only offers with this Formacode; `nil` for all.
    ///   - communes: only offers in these communes (INSEE codes); `nil` for all.
    ///   - source: only this catalogue; `nil` for all.
    public func trainingOffers(romeCode: String? = nil, formacode: String? = nil, communes: Set<String>? = nil,
                               source: String? = nil) throws -> [TrainingOffer] {
        try read("training offers") { db in
            let communeList = communes.map { Array($0) }
            var sql = """
                SELECT o.source_id, o.offer_id, o.title, o.commune_code, o.place_label FROM training_offer o
                WHERE \(Self.sourceCondition(.training, alias: "o"))
                """
            var arguments: StatementArguments = [source]
            for (kind, value) in [("rome", romeCode), ("formacode", formacode)] {
                guard let value else { continue }
                sql += """
                     AND EXISTS (SELECT 1 FROM training_offer_code c WHERE c.source_id = o.source_id
                                 AND c.offer_id = o.offer_id AND c.kind = '\(kind)' AND c.code = ?)
                    """
                arguments += [value]
            }
            if let communeList {
                sql += " AND o.commune_code IN (SELECT value FROM json_each(?))"
                arguments += [String(decoding: try JSONEncoder().encode(communeList), as: UTF8.self)]
            }
            sql += " ORDER BY o.offer_id, o.source_id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let sourceID: Int64 = row[0]
                let offerID: String = row[1]
                let codes = try Row.fetchAll(db, sql: """
                    SELECT kind, code FROM training_offer_code WHERE source_id = ? AND offer_id = ? ORDER BY kind, code
                    """, arguments: [sourceID, offerID])
                func codesOf(_ kind: String) -> [String] { codes.filter { $0[0] == kind }.map { $0[1] } }
                let sessions = try Row.fetchAll(db, sql: """
                    SELECT start_date, end_date FROM training_session WHERE source_id = ? AND offer_id = ? ORDER BY position
                    """, arguments: [sourceID, offerID]).map { TrainingSession(start: $0[0], end: $0[1]) }
                return TrainingOffer(id: offerID, title: row[2], formacodes: codesOf("formacode"),
                                     romeCodes: codesOf("rome"), rncpCodes: codesOf("rncp"), communeCode: row[3],
                                     placeLabel: row[4], sessions: sessions)
            }
        }
    }

    /// Replaces one RNCP or RS export (e.g. source `rncp-2025-06`), whole or not at all.
    /// - Throws: `StoreError.rowRejected` for a duplicate numero or block code, an empty
    ///   title; the previous export is kept.
    @discardableResult
    public func replaceCertifications(source: String, _ certifications: [Certification]) throws -> ReferentialSource {
        try replaceReferential(.certification, source: source, rowCount: certifications.count) { db, id in
            let certification = try db.makeStatement(sql: """
                INSERT INTO certification (source_id, numero, intitule, is_active) VALUES (?, ?, ?, ?)
                """)
            let code = try db.makeStatement(sql: """
                INSERT INTO certification_code (source_id, numero, kind, code) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
            let block = try db.makeStatement(sql: """
                INSERT INTO certification_block (source_id, numero, code, libelle) VALUES (?, ?, ?, ?)
                """)
            for c in certifications {
                try Self.insert(certification, [id, c.numero, c.title, c.isActive], row: "certification \(c.numero) '\(c.title)'")
                for (kind, codes) in [("rome", c.romeCodes), ("formacode", c.formacodes), ("nsf", c.nsfCodes)] {
                    for value in codes {
                        try Self.insert(code, [id, c.numero, kind, value], row: "\(kind) code '\(value)' of \(c.numero)")
                    }
                }
                for b in c.blocks {
                    try Self.insert(block, [id, c.numero, b.code, b.label], row: "block \(b.code) of \(c.numero)")
                }
            }
        }
    }

    /// The certification; `nil` when unknown.
    public func certification(_ numero: String, source: String? = nil) throws -> Certification? {
        try certifications(where: "AND c.numero = ?2", [source, numero]).first
    }

    /// The certifications leading to a ROME code, in numero order.
    public func certifications(forRome code: String, source: String? = nil) throws -> [Certification] {
        try certifications(where: """
            AND EXISTS (SELECT 1 FROM certification_code x WHERE x.source_id = c.source_id
                        AND x.numero = c.numero AND x.kind = 'rome' AND x.code = ?2)
            """, [source, code])
    }

    private func certifications(where condition: String, _ arguments: StatementArguments) throws -> [Certification] {
        try read("certifications") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.source_id, c.numero, c.intitule, c.is_active FROM certification c
                JOIN referential_source s ON s.id = c.source_id
                WHERE \(Self.sourceCondition(.certification, alias: "c")) \(condition)
                ORDER BY c.numero, s.revision DESC
                """, arguments: arguments)
            var seen = Set<String>()
            return try rows.compactMap { row -> Certification? in
                let sourceID: Int64 = row[0]
                let numero: String = row[1]
                guard seen.insert(numero).inserted else { return nil }
                let codes = try Row.fetchAll(db, sql: """
                    SELECT kind, code FROM certification_code WHERE source_id = ? AND numero = ? ORDER BY kind, code
                    """, arguments: [sourceID, numero])
                func codesOf(_ kind: String) -> [String] { codes.filter { $0[0] == kind }.map { $0[1] } }
                let blocks = try Row.fetchAll(db, sql: """
                    SELECT code, libelle FROM certification_block WHERE source_id = ? AND numero = ? ORDER BY code
                    """, arguments: [sourceID, numero]).map { CompetenceBlock(code: $0[0], label: $0[1]) }
                return Certification(numero: numero, title: row[2], isActive: row[3], romeCodes: codesOf("rome"),
                                     formacodes: codesOf("formacode"), nsfCodes: codesOf("nsf"), blocks: blocks)
            }
        }
    }
}

import GRDB

extension ObservatoryDatabase {
    /// Human labels of the codes of a referential dimension, for dashboards:
    /// - `rome`: the ROME métier label (`J1501` → `Soins d'hygiène, de confort du patient`);
    /// - `competence`: the ROME competence label, by OGR code;
    /// - `formacode`: the Formacode label;
    /// - `certification`: the RNCP / RS title, by number (`RNCP320`, `RS5635` or the bare number);
    /// - `passerelle`: a key `A>B` gives `label of A → label of B` (a code without label stays a code);
    /// - `fap`, `metier`: the FAP label (FAP-2009 or FAP-2021).
    ///
    /// Codes without a label are left out of the answer; an unknown dimension gives an empty answer.
    /// - Throws: `StoreError` when the store cannot be read.
    public func referentialLabels(dimension: String, codes: [String]) throws -> [String: String] {
        let wanted = Array(Set(codes)).sorted()
        guard !wanted.isEmpty else { return [:] }
        switch dimension {
        case "passerelle":
            let pairs = wanted.compactMap { key -> (String, String, String)? in
                let parts = key.split(separator: ">", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (key, parts[0], parts[1]) : nil
            }
            let names = try referentialLabels(dimension: "rome", codes: pairs.flatMap { [$0.1, $0.2] })
            return Dictionary(uniqueKeysWithValues: pairs.map { key, from, to in
                (key, "\(names[from] ?? from) → \(names[to] ?? to)")
            })
        case "rome":
            return try labels(sql: """
                SELECT m.code_rome, m.libelle FROM rome_metier m JOIN referential_source s ON s.id = m.source_id
                WHERE m.code_rome IN (SELECT value FROM json_each(?)) ORDER BY s.revision
                """, wanted)
        case "competence":
            return try labels(sql: """
                SELECT c.code_ogr, c.libelle FROM competence c JOIN referential_source s ON s.id = c.source_id
                WHERE c.code_ogr IN (SELECT value FROM json_each(?)) ORDER BY s.revision
                """, wanted)
        case "formacode":
            return try labels(sql: """
                SELECT f.code, f.libelle FROM formacode f JOIN referential_source s ON s.id = f.source_id
                WHERE f.code IN (SELECT value FROM json_each(?)) ORDER BY s.revision
                """, wanted)
        case "certification":
            // Keys may carry the register's prefix (`RNCP320`); the store keeps the number as published.
            var byStored: [String: [String]] = [:]
            for code in wanted {
                byStored[code, default: []].append(code)
                let bare = code.drop { $0.isLetter }
                if bare.count < code.count { byStored[String(bare), default: []].append(code) }
            }
            let found = try labels(sql: """
                SELECT c.numero, c.intitule FROM certification c JOIN referential_source s ON s.id = c.source_id
                WHERE c.numero IN (SELECT value FROM json_each(?)) ORDER BY s.revision
                """, Array(byStored.keys))
            var result: [String: String] = [:]
            for (stored, label) in found { for key in byStored[stored] ?? [] where result[key] == nil { result[key] = label } }
            return result
        case "fap", "metier":
            return try labels(sql: """
                SELECT l.code, l.libelle FROM fap_label l JOIN referential_source s ON s.id = l.source_id
                WHERE l.code IN (SELECT value FROM json_each(?)) ORDER BY s.revision
                """, wanted)
        default:
            return [:]
        }
    }

    /// Runs a `(code, label)` query over a JSON list of codes; the latest source (last row) wins.
    private func labels(sql: String, _ codes: [String]) throws -> [String: String] {
        let list = "[" + codes.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "]"
        return try read("referential labels") { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: [list]) { result[row[0] as String] = row[1] as String }
            return result
        }
    }
}

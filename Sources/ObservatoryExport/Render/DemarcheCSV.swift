import Foundation
import ObservatoryCore

/// A démarche's follow-up as CSV, like the dashboards' (`;`, UTF-8 BOM, decimal comma, text
/// cells neutralised): one row per indicator and territory, start, latest, change and difference
/// with their bounds and statuses — an interval stays two bounds, never one number.
public enum DemarcheCSV {
    public static let header = ["indicateur", "cle", "titre", "unite", "territoire", "nom_territoire", "role",
                                "periode_depart", "depart_borne_basse", "depart_borne_haute", "depart_statut",
                                "periode_derniere", "derniere_borne_basse", "derniere_borne_haute", "derniere_statut",
                                "evolution_borne_basse", "evolution_borne_haute", "evolution_statut", "evolution_sens",
                                "ecart_borne_basse", "ecart_borne_haute", "ecart_statut", "evolution_texte", "ecart_texte",
                                "revisions", "cible", "sources"]
    static let numberColumns: Set<Int> = Set(["depart_borne_basse", "depart_borne_haute", "derniere_borne_basse", "derniere_borne_haute",
                                              "evolution_borne_basse", "evolution_borne_haute", "ecart_borne_basse", "ecart_borne_haute"]
        .compactMap { header.firstIndex(of: $0) })

    public static func render(_ document: DemarcheDocument) -> Data {
        var names = [document.territory.id: document.territory.name]
        for comparison in document.comparisons { names[comparison.territory.id] = comparison.territory.name }
        var text = "\u{FEFF}" + header.joined(separator: ";") + "\r\n"
        for indicator in document.indicators {
            for row in indicator.rows {
                let fields: [String] = [
                    indicator.indicator, indicator.key ?? "", indicator.title, indicator.unit, row.territory, names[row.territory] ?? "", row.role,
                    row.start?.period ?? "", CSVExport.number(row.start?.lower), CSVExport.number(row.start?.upper), row.start?.status ?? "no_value",
                    row.latest?.period ?? "", CSVExport.number(row.latest?.lower), CSVExport.number(row.latest?.upper), row.latest?.status ?? "no_value",
                    CSVExport.number(row.change.lower), CSVExport.number(row.change.upper), row.change.status, row.change.direction,
                    CSVExport.number(row.difference?.lower), CSVExport.number(row.difference?.upper), row.difference?.status ?? "",
                    row.change.text, row.difference?.text ?? "", row.revisions.map(\.text).joined(separator: " | "),
                    row.role == "subject" ? (indicator.target?.text ?? "") : "",
                    Array(Set((row.start?.sources ?? []) + (row.latest?.sources ?? []))).sorted().joined(separator: " "),
                ]
                let cells = fields.enumerated().map { numberColumns.contains($0.offset) ? $0.element : CSVExport.neutralised($0.element) }
                text += cells.map(CSVExport.quote).joined(separator: ";") + "\r\n"
            }
        }
        return Data(text.utf8)
    }
}

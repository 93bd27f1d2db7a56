import Foundation
import ObservatoryCore

/// The values of a page as CSV for spreadsheets: `;` separators, UTF-8 with a BOM, decimal comma,
/// one row per value (every entry of a table, where the page and its JSON keep those its chart
/// shows; a reference's values are in the reference's own CSV), masked and missing values spelled
/// out (never a silent 0).
public enum CSVExport {
    public static let header = ["indicateur", "titre", "unite", "territoire", "nom_territoire", "role", "periode", "code",
                                "libelle", "valeur", "borne_basse", "borne_haute", "statut", "cellules_masquees",
                                "couverture", "part_estimee", "cle_repartition", "texte", "raison", "sources"]

    public static func render(_ document: DashboardDocument) -> Data {
        var names: [String: String] = [document.territory.id: document.territory.name]
        for reference in document.references { names[reference.territory.id] = reference.territory.name }
        for peer in document.peers { names[peer.id] = peer.name }
        return render(document.csvValues.map { (($0.indicator.id, $0.indicator.title, $0.indicator.unit), $0.values) },
                      names: names, sources: document.sources)
    }

    /// A reference's series: the same columns.
    public static func render(_ reference: ReferenceDocument) -> Data {
        render(reference.indicators.map { (($0.id, $0.title, $0.unit), $0.values) },
               names: [reference.territory.id: reference.territory.name], sources: reference.sources)
    }

    static func render(_ rows: [(indicator: (id: String, title: String, unit: String), values: [ValueDoc])],
                       names: [String: String], sources: [SourceDoc]) -> Data {
        var text = "\u{FEFF}" + header.joined(separator: ";") + "\r\n"
        for (indicator, values) in rows {
            for value in values {
                let fields: [String] = [
                    indicator.id, indicator.title, indicator.unit, value.territory, names[value.territory] ?? "", value.role,
                    value.period, value.key ?? "", value.label ?? "", number(value.value), number(value.lower), number(value.upper),
                    value.status, String(value.maskedCells), number(value.coverage), number(value.apportioned),
                    value.apportionKey ?? "", value.text, value.reason ?? "",
                    value.sources.map { sources[$0].id }.joined(separator: " "),
                ]
                let cells = fields.enumerated().map { numberColumns.contains($0.offset) ? $0.element : neutralised($0.element) }
                text += cells.map(quote).joined(separator: ";") + "\r\n"
            }
        }
        return Data(text.utf8)
    }

    /// The columns we write as numbers (valeur, bornes, cellules masquées, couverture, part estimée):
    /// a negative number stays a number.
    static let numberColumns = Set(["valeur", "borne_basse", "borne_haute", "cellules_masquees", "couverture", "part_estimee"]
        .compactMap { header.firstIndex(of: $0) })

    /// A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first)
    /// gets a leading `'` (OWASP's advice for CSV injection); names and labels come from data.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return field }
        return "'" + field
    }

    /// `1234.5` → `1234,5`; no thousands separator, so spreadsheets read it as a number.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        // The decimal point as a comma, byte for byte (Foundation's search was a twentieth of the export).
        return String(decoding: text.utf8.map { $0 == 0x2E ? 0x2C : $0 }, as: UTF8.self)
    }

    static func quote(_ field: String) -> String {
        // Bytes, not Characters: a page's CSV has tens of thousands of fields, and breaking each
        // into grapheme clusters was a tenth of the export's time.
        guard field.utf8.contains(where: { $0 == 0x3B || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

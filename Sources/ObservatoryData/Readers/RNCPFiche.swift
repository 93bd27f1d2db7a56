import Foundation

/// A certification sheet (`<FICHE>`) of a France Compétences RNCP or RS export
/// (`<FICHES>`, flux 4.x).
public struct RNCPFiche: Sendable, Hashable {
    /// A code with its label, as the export lists them (`<ROME><CODE/><LIBELLE/></ROME>`).
    public struct Code: Sendable, Hashable {
        public var code: String
        public var libelle: String?

        public init(code: String, libelle: String? = nil) {
            self.code = code
            self.libelle = libelle
        }
    }

    /// `NUMERO_FICHE`: `RNCP34762`, `RS6232`.
    public var numero: String
    /// `ID_FICHE`.
    public var id: String?
    /// `INTITULE`.
    public var intitule: String
    /// The sheet's own `ACTIF` (`Oui` → true, `Non` → false); `nil` when absent. The `ACTIF`
    /// flags of jury blocks (`SI_JURY_*`) are not this one.
    public var actif: Bool?
    /// `ETAT_FICHE` (`Publiée`, …).
    public var etat: String?
    /// `NOMENCLATURE_EUROPE/NIVEAU` (`NIV7`); RS sheets have none.
    public var niveau: String?
    public var codesROME: [Code]
    public var formacodes: [Code]
    public var codesNSF: [Code]
    /// `BLOCS_COMPETENCES/BLOC_COMPETENCES`: code (`RNCP34762BC01`) and title.
    public var blocsCompetences: [Code]
    /// `NOM_CERTIFICATEUR` of each certifier.
    public var certificateurs: [String]
    /// Line of `<FICHE>` in the file.
    public var line: Int

    /// Streams the `<FICHE>` records of an export whose root is `<FICHES>`.
    /// - Throws: ``XMLRecordError``, or what `body` throws (``StopReading`` ends early).
    public static func read(from url: URL, _ body: (RNCPFiche) throws -> Void) throws {
        let file = url.lastPathComponent
        try XMLRecordReader(url: url).forEachRecord(named: "FICHE", root: ("FICHES", nil)) { record in
            try body(RNCPFiche(record: record, file: file))
        }
    }

    /// Extracts a sheet from its record.
    /// - Throws: ``XMLRecordError/missingField(file:line:record:field:)`` without
    ///   `NUMERO_FICHE` or `INTITULE`.
    public init(record: XMLRecord, file: String = "") throws {
        guard let numero = record.value("NUMERO_FICHE") else {
            throw XMLRecordError.missingField(file: file, line: record.line, record: "FICHE", field: "NUMERO_FICHE")
        }
        guard let intitule = record.value("INTITULE") else {
            throw XMLRecordError.missingField(file: file, line: record.line, record: "FICHE \(numero)", field: "INTITULE")
        }
        self.numero = numero
        self.intitule = intitule
        id = record.value("ID_FICHE")
        actif = record.value("ACTIF").map { $0.lowercased() == "oui" }
        etat = record.value("ETAT_FICHE")
        niveau = record.value("NOMENCLATURE_EUROPE", "NIVEAU")
        codesROME = Self.codes(record.all("CODES_ROME", "ROME"))
        formacodes = Self.codes(record.all("FORMACODES", "FORMACODE"))
        codesNSF = Self.codes(record.all("CODES_NSF", "NSF"))
        blocsCompetences = Self.codes(record.all("BLOCS_COMPETENCES", "BLOC_COMPETENCES"))
        certificateurs = record.values("CERTIFICATEURS", "CERTIFICATEUR", "NOM_CERTIFICATEUR")
        line = record.line
    }

    private static func codes(_ elements: [XMLRecord]) -> [Code] {
        elements.compactMap { element in
            element.value("CODE").map { Code(code: $0, libelle: element.value("LIBELLE")) }
        }
    }
}

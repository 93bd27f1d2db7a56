import Foundation

/// A training offer (`<formation>`) of an LHEO 2.2 catalogue (Carif-Oref, Intercarif).
///
/// Keeps what the observatory uses: the offer's Formacode, NSF, ROME and certification codes
/// (from `domaine-formation` and `certification`, not the training bodies' `potentiel`), and
/// each action with its place and session dates.
public struct LHEOFormation: Sendable, Hashable {
    /// The LHEO 2.2 namespace, required on the root `<lheo>` element.
    public static let namespace = "http://www.lheo.org/2.2"

    /// The offer's `numero` attribute (`07_10`), when present.
    public var numero: String?
    /// `intitule-formation`.
    public var intitule: String
    /// `objectif-formation`, trimmed.
    public var objectif: String?
    /// `certifiante` (`1`/`0`); `nil` when absent.
    public var certifiante: Bool?
    /// Formacode codes of `domaine-formation`, in order.
    public var formacodes: [Formacode]
    /// `code-NSF` of `domaine-formation`.
    public var codesNSF: [String]
    /// `code-ROME` of `domaine-formation`.
    public var codesROME: [String]
    /// `code-RNCP` of every `certification`.
    public var codesRNCP: [String]
    /// `code-CERTIFINFO` of every `certification`.
    public var codesCertifInfo: [String]
    /// The actions (a place, a rhythm, sessions, funders).
    public var actions: [Action]
    /// `organisme-formation-responsable`.
    public var organisme: Organisme?
    /// Line of `<formation>` in the file.
    public var line: Int

    /// Streams the `<formation>` records of an LHEO 2.2 file.
    /// - Throws: ``XMLRecordError`` (not LHEO 2.2, malformed, a formation without title),
    ///   or what `body` throws (``StopReading`` ends early).
    public static func read(from url: URL, _ body: (LHEOFormation) throws -> Void) throws {
        let file = url.lastPathComponent
        try XMLRecordReader(url: url).forEachRecord(named: "formation", namespace: namespace,
                                                    root: ("lheo", namespace)) { record in
            try body(LHEOFormation(record: record, file: file))
        }
    }

    /// Extracts a formation from its record.
    /// - Throws: ``XMLRecordError/missingField(file:line:record:field:)`` without `intitule-formation`.
    public init(record: XMLRecord, file: String = "") throws {
        guard let intitule = record.value("intitule-formation") else {
            throw XMLRecordError.missingField(file: file, line: record.line, record: "formation", field: "intitule-formation")
        }
        self.intitule = intitule
        numero = record.attributes["numero"]
        objectif = record.value("objectif-formation")
        certifiante = record.value("certifiante").map { $0 == "1" }
        formacodes = record.all("domaine-formation", "code-FORMACODE").compactMap { element in
            element.trimmedText.map { Formacode(code: $0, version: element.attributes["ref"],
                                                isPrincipal: element.attributes["tag"] == "principal") }
        }
        codesNSF = record.values("domaine-formation", "code-NSF")
        codesROME = record.values("domaine-formation", "code-ROME")
        codesRNCP = record.values("certification", "code-RNCP")
        codesCertifInfo = record.values("certification", "code-CERTIFINFO")
        actions = record.children("action").map(Action.init(record:))
        organisme = record.child("organisme-formation-responsable").map(Organisme.init(record:))
        line = record.line
    }
}

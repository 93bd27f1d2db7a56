import Foundation
import Testing
@testable import ObservatoryData

/// LHEO and RNCP records from the real exports, and the safety of the XML reader.
@Suite struct XMLRecordReaderTests {
    static let intercarif = "lheo-intercarif-cvl/intercarif_lheo22_offre-07_10_AFPA-Veigne_2018.REDACTED.xml"

    @Test(.enabled(if: SharedData.isAvailable, SharedData.absent))
    func intercarifFormation() throws {
        var formations: [LHEOFormation] = []
        try LHEOFormation.read(from: SharedData.url(Self.intercarif)) { formations.append($0) }
        let formation = try #require(formations.first)
        #expect(formations.count == 1)
        #expect(formation.numero == "07_10")
        #expect(formation.intitule == "Titre professionnel plaquiste")
        #expect(formation.formacodes == [.init(code: "22403", version: "V12", isPrincipal: true)])
        #expect(formation.codesNSF == ["233"])
        #expect(formation.codesROME == ["F1604"])
        #expect(formation.codesRNCP == ["320"])
        #expect(formation.codesCertifInfo == ["80735"])
        #expect(formation.certifiante == true)
        #expect(formation.line == 4)
        #expect(formation.actions.map(\.numero) == ["07_114782", "07_123324"])
        let first = formation.actions[0]
        #expect(first.lieu?.codePostal == "37250")
        #expect(first.lieu?.codeINSEECommune == "37266")
        #expect(first.lieu?.ville == "Veigné")
        #expect(first.lieu?.latitude == 47.286057)
        #expect(first.sessions.map(\.debut) == [LHEODate(year: 2017, month: 12, day: 4)])
        #expect(first.sessions.map(\.fin) == [LHEODate(year: 2018, month: 6, day: 1)])
        #expect(first.financeurs == [.init(code: "10", places: 4), .init(code: "5", places: 4)])
        #expect(formation.actions[1].sessions.first?.debut?.description == "2017-10-30")
        #expect(formation.organisme?.siret == "82422814200660")
        #expect(formation.organisme?.nom == "DRAFPA d'Olivet")
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.absent))
    func onisepExample() throws {
        var formations: [LHEOFormation] = []
        try LHEOFormation.read(from: SharedData.url("lheo-schema/exemple-bts-onisep.xml")) { formations.append($0) }
        let formation = try #require(formations.first)
        #expect(formation.intitule == "BTS négociation et relation client")
        #expect(formation.formacodes.map(\.code) == ["34582", "34076"]) // not the organisme's potentiel
        #expect(formation.formacodes.map(\.isPrincipal) == [true, false])
        #expect(formation.codesROME == ["D1402", "D1403", "D1408"])
        #expect(formation.codesRNCP == ["474"])
        #expect(formation.objectif?.hasPrefix("<p>A la fois vendeur") == true) // entities decoded once, HTML kept as text
        #expect(formation.actions.first?.lieu?.codeINSEECommune == "29233")
        #expect(formation.actions.first?.sessions.first?.debut == LHEODate(year: 2015, month: 9, day: 1))
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.absent))
    func rncpFiches() throws {
        var fiches: [RNCPFiche] = []
        try RNCPFiche.read(from: SharedData.url("francecompetences-rncp/export_fiches_RNCP_fixture.xml")) { fiches.append($0) }
        #expect(fiches.count == 12)
        #expect(fiches.map(\.numero).prefix(3) == ["RNCP34762", "RNCP35809", "RNCP35625"])
        let first = fiches[0]
        #expect(first.intitule == "Programme Grande Ecole – Diplôme d’études supérieures en management")
        #expect(first.actif == false) // the FICHE's own ACTIF, not its SI_JURY_* flags (mostly Oui)
        #expect(first.etat == "Publiée")
        #expect(first.niveau == "NIV7")
        #expect(first.codesROME.map(\.code) == ["M1202", "M1205", "M1705", "M1402", "M1707"])
        #expect(first.codesROME.first?.libelle == "Audit et contrôle comptables et financiers")
        #expect(first.formacodes.map(\.code) == ["34254", "32054", "32139", "34054", "32654"])
        #expect(first.codesNSF.map(\.code) == ["313", "310", "315p"])
        #expect(first.blocsCompetences.map(\.code) == (1...5).map { "RNCP34762BC0\($0)" })
        #expect(first.blocsCompetences.first?.libelle == "Stratégie, organisation, environnement socioéconomique et géopolitique")
        #expect(first.certificateurs.count == 2)
        #expect(fiches.map(\.actif) == [false, true, false, false, true, true, true, true, true, true, true, true])
        #expect(fiches.map(\.blocsCompetences.count) == [5, 4, 10, 4, 2, 4, 4, 2, 4, 5, 3, 6])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.absent))
    func rsFiches() throws {
        var fiches: [RNCPFiche] = []
        try RNCPFiche.read(from: SharedData.url("francecompetences-rncp/export_fiches_RS_fixture.xml")) { fiches.append($0) }
        #expect(fiches.map(\.numero) == ["RS6232", "RS5719", "RS6547", "RS5000", "RS5568", "RS6604", "RS7485", "RS7423"])
        #expect(fiches.allSatisfy { $0.codesROME.isEmpty && $0.niveau == nil })
        #expect(fiches[2].formacodes.map(\.code) == ["44515", "15234", "44583", "44562"])
    }

    @Test func billionLaughsIsRefused() throws {
        let error = try #require(throws: XMLRecordError.self) {
            try LHEOFormation.read(from: ReaderFixtures.url("billion-laughs.xml")) { _ in }
        }
        #expect(error == .entityDeclarationsRefused(file: "billion-laughs.xml", line: 3))
        #expect(error.description == "billion-laughs.xml:3: the DTD declares entities (possible entity-expansion attack); the document was not parsed")
    }

    /// One 50 kB entity referenced 50 000 times: libxml2 alone spends ~20 s on it.
    @Test func quadraticBlowUpIsRefused() throws {
        let directory = try TemporaryDirectory()
        let entity = String(repeating: "x", count: 50_000)
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"\(entity)\">]>\n<r>"
            + String(repeating: "&a;", count: 50_000) + "</r>"
        let url = try directory.file("quadratic.xml", text)
        #expect(throws: XMLRecordError.entityDeclarationsRefused(file: "quadratic.xml", line: 2)) {
            try XMLRecordReader(url: url).forEachRecord(named: "r") { _ in }
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.absent))
    func truncatedDocumentIsMalformed() throws {
        let directory = try TemporaryDirectory()
        let bytes = try [UInt8](Data(contentsOf: SharedData.url(Self.intercarif)))
        let url = try directory.file("offre.xml", Array(bytes.prefix(5_000)))
        let error = try #require(throws: XMLRecordError.self) { try LHEOFormation.read(from: url) { _ in } }
        guard case .malformed(let file, let line, _, let detail) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(file == "offre.xml")
        // The error is reported on the line where the copy was cut (inside a tag).
        let lastLine = bytes.prefix(5_000).filter { $0 == 0x0A }.count + 1
        #expect(line == lastLine)
        #expect(!detail.isEmpty)
    }

    @Test func mismatchedTagsAreMalformed() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("bad.xml", "<?xml version=\"1.0\"?>\n<FICHES>\n<FICHE><NUMERO_FICHE>RNCP1</INTITULE></FICHE>\n</FICHES>")
        let error = try #require(throws: XMLRecordError.self) { try RNCPFiche.read(from: url) { _ in } }
        #expect(error.description.hasPrefix("bad.xml:3:"))
        #expect(error.description.hasSuffix("malformed XML: end tag does not match its start tag"))
    }

    @Test func wrongRootOrNamespaceIsNamed() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("v21.xml", "<lheo xmlns=\"http://www.lheo.org/2.1\"><offres/></lheo>")
        #expect(throws: XMLRecordError.unexpectedRoot(file: "v21.xml",
                                                      expected: "<lheo> in namespace http://www.lheo.org/2.2",
                                                      found: "<lheo> in namespace http://www.lheo.org/2.1")) {
            try LHEOFormation.read(from: url) { _ in }
        }
    }

    @Test func externalEntitiesAreNotResolved() throws {
        let directory = try TemporaryDirectory()
        let secret = try directory.file("secret.txt", "TOP SECRET")
        let url = try directory.file("xxe.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE FICHES SYSTEM "\(secret.absoluteString)">
            <FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>t &amp; u</INTITULE></FICHE></FICHES>
            """)
        var fiches: [RNCPFiche] = []
        try RNCPFiche.read(from: url) { fiches.append($0) }
        #expect(fiches.map(\.intitule) == ["t & u"])
    }

    @Test func missingFieldAndStopReading() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.file("f.xml", """
            <FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>Un</INTITULE></FICHE>
            <FICHE><NUMERO_FICHE>RNCP2</NUMERO_FICHE><INTITULE>Deux</INTITULE></FICHE>
            <FICHE><NUMERO_FICHE>RNCP3</NUMERO_FICHE></FICHE></FICHES>
            """)
        var seen: [String] = []
        try RNCPFiche.read(from: url) { seen.append($0.numero); if seen.count == 2 { throw StopReading() } }
        #expect(seen == ["RNCP1", "RNCP2"])
        #expect(throws: XMLRecordError.missingField(file: "f.xml", line: 3, record: "FICHE RNCP3", field: "INTITULE")) {
            try RNCPFiche.read(from: url) { _ in }
        }
    }

    @Test func recordPaths() {
        let record = XMLRecord(name: "a", children: [
            XMLRecord(name: "b", children: [XMLRecord(name: "c", text: " 1 "), XMLRecord(name: "c", text: "\n")]),
            XMLRecord(name: "b", children: [XMLRecord(name: "c", text: "2")]),
        ])
        #expect(record.values("b", "c") == ["1", "2"])
        #expect(record.value("b", "c") == "1")
        #expect(record.all("b", "c").count == 3)
        #expect(record.first("x") == nil)
        #expect(LHEODate(lheo: "00000000") == nil)
        #expect(LHEODate(lheo: "20181301") == nil)
    }
}

import Foundation
import Observatory
import ObservatoryStore
import Testing

/// Expected codes of one certification sheet, read with Python's ElementTree.
struct ExpectedFiche: Sendable, CustomTestStringConvertible {
    let numero: String
    let active: Bool
    let rome: [String], formacodes: [String], nsf: [String]
    let blocks: Int
    init(_ numero: String, active: Bool, rome: [String], formacodes: [String], nsf: [String], blocks: Int) {
        self.numero = numero
        self.active = active
        self.rome = rome
        self.formacodes = formacodes
        self.nsf = nsf
        self.blocks = blocks
    }
    var testDescription: String { numero }
}

/// LHEO training offers and France Compétences certifications, on the real files.
@Suite(.enabled(if: ReferentialTestData.isAvailable, ReferentialTestData.absent))
struct TrainingLoaderTests {
    static func loadLHEO(_ file: URL, into database: ObservatoryDatabase) throws -> ReferentialReport {
        try ReferentialTestData.load(try ReferentialTestData.input("lheo", "offres-formation-cvl.xml", file: file), into: database)
    }

    static let veigne = "lheo-intercarif-cvl/intercarif_lheo22_offre-07_10_AFPA-Veigne_2018.REDACTED.xml"

    /// One formation, two actions at the same place (Veigné), one session each.
    @Test func intercarifOffer() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.loadLHEO(ReferentialTestData.url(Self.veigne), into: database)
        #expect(report.rows == 1)
        #expect(report.notes.isEmpty)
        let offers = try database.trainingOffers(romeCode: "F1604", communes: ["37266"])
        #expect(offers == [TrainingOffer(id: "07_10", title: "Titre professionnel plaquiste", formacodes: ["22403"],
                                         romeCodes: ["F1604"], rncpCodes: ["320"], communeCode: "37266",
                                         placeLabel: "Le Passoir, 37250 Veigné",
                                         sessions: [TrainingSession(start: "2017-12-04", end: "2018-06-01"),
                                                    TrainingSession(start: "2017-10-30", end: "2018-06-01")])])
    }

    @Test func onisepExample() throws {
        let database = try ObservatoryDatabase.inMemory()
        _ = try Self.loadLHEO(ReferentialTestData.url("lheo-schema/exemple-bts-onisep.xml"), into: database)
        let offer = try #require(try database.trainingOffers().first)
        #expect(offer.id == "9436_18706")
        #expect(offer.communeCode == "29233")
        #expect(offer.formacodes == ["34076", "34582"])
        #expect(offer.romeCodes == ["D1402", "D1403", "D1408"])
        #expect(offer.rncpCodes == ["474"])
        #expect(offer.sessions == [TrainingSession(start: "2015-09-01", end: "2017-08-31")])
    }

    /// Without `code-INSEE-commune`, the postal code stays in the label and a note says so.
    @Test func postalCodeOnly() throws {
        let text = try String(contentsOf: ReferentialTestData.url(Self.veigne), encoding: .utf8)
            .replacingOccurrences(of: "<code-INSEE-commune>37266</code-INSEE-commune>", with: "")
        let folder = try ReferentialTestData.temporaryDirectory("lheo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("offres.xml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.loadLHEO(file, into: database)
        let offer = try #require(try database.trainingOffers().first)
        #expect(offer.communeCode == nil)
        #expect(offer.placeLabel == "Le Passoir, 37250 Veigné")
        #expect(report.notes == ["1 offers with a postal code but no INSEE commune code, not placed in a commune: 07_10 (37250)"])
    }

    static let rncp: [ExpectedFiche] = [
        .init("RNCP34762", active: false, rome: ["M1202", "M1205", "M1402", "M1705", "M1707"], formacodes: ["32054", "32139", "32654", "34054", "34254"], nsf: ["310", "313", "315p"], blocks: 5),
        .init("RNCP35809", active: true, rome: ["F1201", "F1202"], formacodes: ["22454"], nsf: ["233"], blocks: 4),
        .init("RNCP35625", active: false, rome: ["L1504"], formacodes: ["45004", "45022", "45042"], nsf: ["133", "323n"], blocks: 10),
        .init("RNCP35419", active: false, rome: ["M1802", "M1803", "M1805"], formacodes: ["31057", "31067", "31094"], nsf: ["326"], blocks: 4),
        .init("RNCP37488", active: true, rome: ["M1801", "M1802", "M1810"], formacodes: ["31045"], nsf: ["326"], blocks: 2),
        .init("RNCP40344", active: true, rome: ["A1500", "A1504", "D1210", "M1601"], formacodes: ["42022"], nsf: ["212t"], blocks: 4),
        .init("RNCP36612", active: true, rome: ["M1203", "M1501", "M1604"], formacodes: ["32688", "33052", "35014"], nsf: ["315t"], blocks: 4),
        .init("RNCP37674", active: true, rome: ["M1805"], formacodes: ["31006", "31090", "46357", "70710"], nsf: ["326t"], blocks: 2),
        .init("RNCP36490", active: true, rome: ["M1802", "M1805"], formacodes: ["31089"], nsf: ["326", "326t"], blocks: 4),
        .init("RNCP35959", active: true, rome: ["E1103", "E1104", "E1205"], formacodes: ["30805", "31090", "46341", "46359"], nsf: ["320m", "320t", "326t"], blocks: 5),
        .init("RNCP37873", active: true, rome: ["M1805"], formacodes: ["31006", "31010", "31036", "31067", "31084"], nsf: ["326t"], blocks: 3),
        .init("RNCP39568", active: true, rome: ["M1202", "M1205", "M1402", "M1705", "M1707"], formacodes: ["32054", "32154", "32654", "34054", "34254"], nsf: ["310", "312", "313"], blocks: 6),
    ]

    static let rs: [ExpectedFiche] = [
        .init("RS6232", active: false, rome: [], formacodes: ["42103"], nsf: ["333r"], blocks: 0),
        .init("RS5719", active: true, rome: [], formacodes: ["42829"], nsf: ["344"], blocks: 0),
        .init("RS6547", active: true, rome: [], formacodes: ["15234", "44515", "44562", "44583"], nsf: ["136", "333"], blocks: 0),
        .init("RS5000", active: false, rome: [], formacodes: ["31004"], nsf: ["114b", "326"], blocks: 0),
        .init("RS5568", active: true, rome: [], formacodes: ["31045"], nsf: ["326m"], blocks: 0),
        .init("RS6604", active: true, rome: [], formacodes: ["31004", "31067"], nsf: ["326"], blocks: 0),
        .init("RS7485", active: true, rome: [], formacodes: ["42103"], nsf: ["333r"], blocks: 0),
        .init("RS7423", active: true, rome: [], formacodes: ["31008", "31028", "32066", "33054"], nsf: ["315"], blocks: 0),
    ]

    static func loadCertifications(into database: ObservatoryDatabase) throws -> [ReferentialReport] {
        try [("export_fiches_RNCP.xml", "export_fiches_RNCP_fixture.xml"), ("export_fiches_RS.xml", "export_fiches_RS_fixture.xml")]
            .map { name, fixture in
                let input = try ReferentialTestData.input("rncp", name, file: ReferentialTestData.url("francecompetences-rncp/\(fixture)"))
                return try ReferentialTestData.load(input, into: database)
            }
    }

    /// 12 RNCP and 8 RS sheets; the RS sheets have no ROME code.
    @Test func certifications() throws {
        let database = try ObservatoryDatabase.inMemory()
        let reports = try Self.loadCertifications(into: database)
        #expect(reports.map(\.rows) == [12, 8])
        #expect(reports[0].summary == "12 certifications (9 active, 12 with ROME codes), 53 blocs de compétences")
        #expect(reports[1].summary == "8 certifications (6 active, 0 with ROME codes), 0 blocs de compétences")
        for expected in Self.rncp + Self.rs {
            let stored = try #require(try database.certification(expected.numero), "\(expected.numero) not stored")
            #expect(stored.isActive == expected.active, "\(expected.numero)")
            #expect(stored.romeCodes == expected.rome, "\(expected.numero)")
            #expect(stored.formacodes == expected.formacodes, "\(expected.numero)")
            #expect(stored.nsfCodes == expected.nsf, "\(expected.numero)")
            #expect(stored.blocks.count == expected.blocks, "\(expected.numero)")
        }
        #expect(try database.certifications(forRome: "M1805").map(\.numero) == ["RNCP35419", "RNCP36490", "RNCP37674", "RNCP37873"])
        #expect(try database.certification("RNCP34762")?.blocks.first?.code == "RNCP34762BC01")
    }
}

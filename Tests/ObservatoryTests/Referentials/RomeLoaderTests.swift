import Foundation
import Observatory
import ObservatoryStore
import Testing

/// Expected facts of one métier of the 12-code subset, counted with Python's `csv` module from
/// `subset-12-codes/`: distinct `code_ogr` of its `unix_liens_rome_referentiels` rows that carry a
/// rubrique (1/2/3), `coeur_metier` marks of `unix_coherence_item`, appellations, mobility rows
/// and the first three mobility targets by `numero_ordre`.
struct SubsetMetier: Sendable, CustomTestStringConvertible {
    let code: String
    let links: Int, savoirFaire: Int, savoirEtre: Int, savoirs: Int
    let principale: Int, emergente: Int
    let appellations: Int, mobility: Int
    let firstTargets: [String]
    var testDescription: String { code }
}

@Suite(.enabled(if: ReferentialTestData.isAvailable, ReferentialTestData.absent))
struct RomeLoaderTests {
    static let subset: [SubsetMetier] = [
        .init(code: "A1405", links: 70, savoirFaire: 38, savoirEtre: 3, savoirs: 29, principale: 11, emergente: 9, appellations: 12, mobility: 10, firstTargets: ["A1416", "A1304", "A1414"]),
        .init(code: "F1703", links: 88, savoirFaire: 54, savoirEtre: 3, savoirs: 31, principale: 24, emergente: 0, appellations: 34, mobility: 10, firstTargets: ["F1608", "F1701", "F1613"]),
        .init(code: "G1602", links: 57, savoirFaire: 28, savoirEtre: 4, savoirs: 25, principale: 13, emergente: 1, appellations: 5, mobility: 10, firstTargets: ["G1606", "G1609", "G1607"]),
        .init(code: "H2913", links: 50, savoirFaire: 22, savoirEtre: 4, savoirs: 24, principale: 11, emergente: 0, appellations: 16, mobility: 6, firstTargets: ["H1506", "H2902", "H2911"]),
        .init(code: "J1501", links: 44, savoirFaire: 23, savoirEtre: 4, savoirs: 17, principale: 13, emergente: 0, appellations: 5, mobility: 10, firstTargets: ["J1304", "J1305", "K1306"]),
        .init(code: "J1506", links: 53, savoirFaire: 25, savoirEtre: 4, savoirs: 24, principale: 11, emergente: 2, appellations: 15, mobility: 10, firstTargets: ["J1510", "J1502", "J1504"]),
        .init(code: "K1302", links: 82, savoirFaire: 45, savoirEtre: 4, savoirs: 33, principale: 15, emergente: 1, appellations: 6, mobility: 10, firstTargets: ["K1306", "J1501", "K1301"]),
        .init(code: "K2204", links: 68, savoirFaire: 39, savoirEtre: 3, savoirs: 26, principale: 13, emergente: 2, appellations: 11, mobility: 8, firstTargets: ["K2205", "K2307", "K2503"]),
        .init(code: "M1607", links: 34, savoirFaire: 18, savoirEtre: 3, savoirs: 13, principale: 13, emergente: 0, appellations: 12, mobility: 10, firstTargets: ["M1604", "M1605", "M1608"]),
        .init(code: "M1805", links: 58, savoirFaire: 22, savoirEtre: 3, savoirs: 33, principale: 10, emergente: 1, appellations: 16, mobility: 10, firstTargets: ["M1802", "M1803", "M1810"]),
        .init(code: "N1103", links: 68, savoirFaire: 33, savoirEtre: 3, savoirs: 32, principale: 15, emergente: 2, appellations: 2, mobility: 10, firstTargets: ["N1101", "N1105", "N1110"]),
        .init(code: "N4101", links: 79, savoirFaire: 29, savoirEtre: 4, savoirs: 46, principale: 16, emergente: 0, appellations: 11, mobility: 10, firstTargets: ["A1101", "D1404", "N1102"]),
    ]

    /// Métiers of the whole export: distinct linked competences, `Principale` and `Émergente`
    /// marks, mobility targets by `numero_ordre`, mobility rows towards it (Python `csv`).
    static let wholeExportSamples: [(String, Int, Int, Int, [String], Int)] = [
        ("J1501", 44, 13, 0, ["J1304", "J1305", "K1306", "M1609", "D1203", "K1208", "K1305", "J1506", "K2111", "M1612"], 22),
        ("K1302", 82, 15, 1, ["K1306", "J1501", "K1301", "J1303", "K1205", "K1312", "K1101", "K1208", "K1305", "M1609"], 16),
        ("M1805", 58, 10, 1, ["M1802", "M1803", "M1810", "M1812", "M1818", "M1824", "M1831", "M1832", "M1842", "E1206"], 31),
        ("F1604", 59, 12, 2, ["F1601", "F1614", "F1615", "F1625", "F1206", "I1314", "F1710", "N4105", "N1105"], 13),
        ("A1416", 79, 14, 7, ["A1304", "A1313", "A1420", "A1436", "A1306", "I1328", "D1410", "D1113", "K1404", "K2111"], 16),
    ]

    static func load(_ zip: URL, into database: ObservatoryDatabase) throws -> ReferentialReport {
        let built = zip.deletingLastPathComponent().lastPathComponent.hasPrefix("referential-tests-zip")
        return try ReferentialTestData.load(try ReferentialTestData.input("rome4", "RefRomeCsv.zip", file: zip), into: database,
                                            removing: built ? zip.deletingLastPathComponent() : nil)
    }

    /// The whole v460 export as the mirror packs it. Expected: 1 584 métiers, 13 120 appellations,
    /// 18 317 + 15 354 competences, 90 556 links with a rubrique among 118 923 rows (18 900
    /// `Principale`, 1 731 `Émergente`), 14 912 mobility rows, all between existing métiers.
    @Test func wholeExport() throws {
        let zip = try #require(ReferentialTestData.mirroredRomeZip, "scripts/make-mirror could not lay out RefRomeCsv.zip")
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load(zip, into: database)
        #expect(report.rows == 1584 + 13120 + 18317 + 15354 + 90556 + 14912)
        #expect(report.summary == "1 584 métiers, 13 120 appellations, 33 671 competences (18 301 savoir-faire, "
            + "16 savoir-être, 15 354 savoirs), 90 556 competence links (20 631 cœur de métier, 18 900 Principale), "
            + "14 912 mobility links")
        #expect(try database.romeMetiers().count == 1584)
        #expect(try database.referentialSources().map(\.rowCount) == [report.rows])
        // Spot checks (the store's per-métier queries scan the whole release, so not all 1 584).
        for (code, links, principale, emergente, mobility, incoming) in Self.wholeExportSamples {
            let ofMetier = try database.competenceLinks(ofRome: code)
            #expect(ofMetier.count == links, "\(code)")
            #expect(ofMetier.count(where: { $0.coeurMetier == "Principale" }) == principale, "\(code)")
            #expect(ofMetier.count(where: { $0.coeurMetier == "Émergente" }) == emergente, "\(code)")
            #expect(try database.mobilityLinks(from: code).map(\.targetRomeCode) == mobility, "\(code)")
            #expect(try database.mobilityLinks(to: code).count == incoming, "\(code)")
        }

        let aideSoignant = try #require(try database.romeMetier("J1501"))
        #expect(aideSoignant == RomeMetier(code: "J1501", label: "Aide-soignant / Aide-soignante", transitionEco: "Emploi Blanc",
                                           transitionNumerique: false, transitionDemographique: true,
                                           emploiReglemente: true, emploiCadre: false, parentCode: "J1501"))
        let garde = try #require(try database.romeMetier("A1204"))
        #expect(garde.transitionEco == "Emploi Vert")
        #expect(garde.transitionNumerique == nil && garde.emploiCadre == nil)
        #expect(try database.romeMetier("A1102")?.parentCode == "A1101")
        let ecoute = try database.competences(ofRome: "J1501", kind: .savoirEtre).first { $0.code == "300412" }
        #expect(ecoute == Competence(code: "300412", label: "Etre à l'écoute, faire preuve d'empathie", kind: .savoirEtre,
                                     category: "Transverse"))
        #expect(!report.notes.contains { $0.contains("skipped") }, "\(report.notes)")
    }

    @Test(arguments: RomeLoaderTests.subset)
    func subsetMetier(_ expected: SubsetMetier) throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load(try ReferentialTestData.romeZip(of: "francetravail-rome4-v460/subset-12-codes"), into: database)
        #expect(report.notes.isEmpty, "\(report.notes)")
        let links = try database.competenceLinks(ofRome: expected.code)
        #expect(links.count == expected.links)
        #expect(try database.competences(ofRome: expected.code).count == expected.links)
        #expect(try database.competences(ofRome: expected.code, kind: .savoirFaire).count == expected.savoirFaire)
        #expect(try database.competences(ofRome: expected.code, kind: .savoirEtre).count == expected.savoirEtre)
        #expect(try database.competences(ofRome: expected.code, kind: .savoir).count == expected.savoirs)
        #expect(links.count(where: { $0.coeurMetier == "Principale" }) == expected.principale)
        #expect(links.count(where: { $0.coeurMetier == "Émergente" }) == expected.emergente)
        #expect(links.allSatisfy { $0.kind != nil })
        #expect(try database.appellations(ofRome: expected.code).count == expected.appellations)
        let mobility = try database.mobilityLinks(from: expected.code)
        #expect(mobility.count == expected.mobility)
        #expect(mobility.prefix(3).map(\.targetRomeCode) == expected.firstTargets)
    }

    @Test func subsetStoresOnlyItsMetiersAndMobilityFromThem() throws {
        let database = try ObservatoryDatabase.inMemory()
        // A mobility row from A1101, which the subset does not hold, is skipped and noted.
        let path = ReferentialTestData.url("francetravail-rome4-v460/subset-12-codes/unix_rubrique_mobilite_v460_utf8.csv")
        let mobility = try String(contentsOf: path, encoding: .utf8) + "\"A1101\",\"J1501\",\"1\"\n"
        let zip = try ReferentialTestData.romeZip(of: "francetravail-rome4-v460/subset-12-codes",
                                                  replacing: ["unix_rubrique_mobilite": mobility])
        let report = try Self.load(zip, into: database)
        let codes = Set(Self.subset.map(\.code))
        #expect(Set(try database.romeMetiers().map(\.code)) == codes)
        #expect(try database.mobilityLinks(to: "J1501").allSatisfy { codes.contains($0.romeCode) })
        #expect(try database.mobilityLinks(to: "J1501").map(\.romeCode) == ["K1302"])
        #expect(report.notes == ["1 mobility links from unknown métiers or to themselves skipped: A1101→J1501"])
        #expect(report.rows == 12 + 145 + 343 + 312 + 751 + 114)
    }

    @Test func aLabelLongerThanTheCapIsStoredCutAndNoted() throws {
        let subset = "francetravail-rome4-v460/subset-12-codes"
        let original = try String(contentsOf: ReferentialTestData.sharedData
            .appendingPathComponent("\(subset)/unix_referentiel_code_rome_v460_utf8.csv"), encoding: .utf8)
        let long = String(repeating: "Arboriculteur ", count: 200)
        let zip = try ReferentialTestData.romeZip(of: subset, replacing: [
            "unix_referentiel_code_rome": original.replacingOccurrences(of: "\"Arboriculteur / Arboricultrice\"", with: "\"\(long)\""),
        ])
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load(zip, into: database)
        let label = try #require(try database.romeMetier("A1405")?.label)
        #expect(label.count == 500 && label.hasSuffix("…") && long.hasPrefix(label.dropLast()))
        #expect(report.notes.contains("1 labels longer than 500 characters were cut (…)"), "\(report.notes)")
    }

    @Test func failedLoadKeepsThePreviousRelease() throws {
        let database = try ObservatoryDatabase.inMemory()
        let subset = "francetravail-rome4-v460/subset-12-codes"
        _ = try Self.load(try ReferentialTestData.romeZip(of: subset), into: database)

        let withoutMobility = try ReferentialTestData.romeZip(of: subset, excluding: ["unix_rubrique_mobilite"])
        let missing = #expect(throws: ReferentialError.self) { try Self.load(withoutMobility, into: database) }
        let message = missing.map(String.init(describing:)) ?? ""
        #expect(message.hasPrefix("RefRomeCsv.zip: no member matches 'unix_rubrique_mobilite_v*_utf8.csv'; members: "))
        #expect(message.hasSuffix("referential 'rome4/RefRomeCsv.zip' not loaded; the stored version, if any, is unchanged"))

        let header = "\"code_rome\",\"code_rome_cible\",\"numero_ordre\"\n"
        let badOrder = try ReferentialTestData.romeZip(of: subset, replacing: [
            "unix_rubrique_mobilite": header + "\"J1501\",\"J1304\",\"1\"\n\"J1501\",\"J1305\",\"deux\"\n",
        ])
        let invalid = #expect(throws: ReferentialError.self) { try Self.load(badOrder, into: database) }
        #expect(invalid.map(String.init(describing:))?.hasPrefix(
            "RefRomeCsv.zip/unix_rubrique_mobilite_v460_utf8.csv:3: column numero_ordre holds 'deux', expected a whole number ≥ 0") == true)

        #expect(try database.romeMetiers().count == 12)
        #expect(try database.competenceLinks(ofRome: "J1501").count == 44)
        #expect(try database.mobilityLinks(from: "J1501").count == 10)
    }
}

import Foundation
import ObservatoryCore
import ObservatoryStore
import Testing

struct ReferentialTests {
    static let rome = RomeReferential(
        metiers: [
            RomeMetier(code: "J1501", label: "Aide-soignant / Aide-soignante", transitionEco: "Emploi Blanc",
                       transitionNumerique: false, transitionDemographique: true, emploiReglemente: true,
                       emploiCadre: false, parentCode: "J1501"),
            RomeMetier(code: "K1302", label: "Assistant / Assistante de vie aux familles"),
        ],
        appellations: [RomeAppellation(code: "11111", label: "Aide-soignant", romeCode: "J1501")],
        competences: [
            Competence(code: "100", label: "Réaliser des soins d'hygiène", kind: .savoirFaire, category: "Technique"),
            Competence(code: "200", label: "Faire preuve d'empathie", kind: .savoirEtre),
            Competence(code: "300", label: "Gestes d'urgence", kind: .savoir),
        ],
        competenceLinks: [
            CompetenceLink(romeCode: "J1501", competenceCode: "300"),
            CompetenceLink(romeCode: "J1501", competenceCode: "200", kind: .savoirEtre),
            CompetenceLink(romeCode: "J1501", competenceCode: "100", coeurMetier: "Principale"),
            CompetenceLink(romeCode: "J1501", competenceCode: "100", kind: .savoirFaire),
            CompetenceLink(romeCode: "K1302", competenceCode: "200"),
        ],
        mobilityLinks: [
            MobilityLink(romeCode: "J1501", targetRomeCode: "K1302", order: 2),
            MobilityLink(romeCode: "J1501", targetRomeCode: "J1506", order: 1),
        ])

    @Test func romeReleaseIsStoredAndQueried() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        let source = try store.replaceRome(source: "rome-v460", Self.rome)
        #expect(source.rowCount == 13)
        #expect(try store.romeMetier("J1501") == Self.rome.metiers[0])
        #expect(try store.romeMetiers().map(\.code) == ["J1501", "K1302"])
        #expect(try store.appellations(ofRome: "J1501").map(\.label) == ["Aide-soignant"])
        #expect(try store.competences(ofRome: "J1501").map(\.code) == ["100", "200", "300"])
        #expect(try store.competences(ofRome: "J1501", kind: .savoirEtre).map(\.label) == ["Faire preuve d'empathie"])
        let links = try store.competenceLinks(ofRome: "J1501")
        #expect(links.first == CompetenceLink(romeCode: "J1501", competenceCode: "100", kind: .savoirFaire,
                                              coeurMetier: "Principale"))
        #expect(try store.romeCodes(withCompetence: "200") == ["J1501", "K1302"])
        #expect(try store.mobilityLinks(from: "J1501").map(\.targetRomeCode) == ["J1506", "K1302"])
        #expect(try store.mobilityLinks(to: "K1302").map(\.romeCode) == ["J1501"])
        #expect(try store.referentialSources().map(\.name) == ["rome-v460"])
    }

    @Test func replacingAReleaseRemovesItsOldRows() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceRome(source: "rome-v460", Self.rome)
        try store.replaceRome(source: "rome-v460", RomeReferential(metiers: [RomeMetier(code: "A1101", label: "Conducteur")]))
        #expect(try store.romeMetiers().map(\.code) == ["A1101"])
        #expect(try store.competences(ofRome: "J1501").isEmpty)
        #expect(try store.mobilityLinks(from: "J1501").isEmpty)
        try store.removeReferential(.rome, source: "rome-v460")
        #expect(try store.romeMetiers().isEmpty)
        #expect(try store.referentialSources().isEmpty)
    }

    @Test func aLinkToAnUnknownCompetenceIsRefusedAndThePreviousReleaseKept() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceRome(source: "rome-v460", Self.rome)
        var broken = Self.rome
        broken.metiers.removeLast()
        broken.competenceLinks.append(CompetenceLink(romeCode: "J1501", competenceCode: "999"))
        #expect {
            try store.replaceRome(source: "rome-v460", broken)
        } throws: { error in
            guard case .rowRejected(_, let row, _)? = error as? StoreError else { return false }
            return row.contains("K1302") || row.contains("999")
        }
        #expect(try store.romeMetiers().count == 2)
        #expect(try store.competences(ofRome: "J1501").count == 3)
    }

    @Test(arguments: ["J150", "j1501", "Z1501", ""])
    func aMalformedRomeCodeIsRefused(code: String) throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        #expect(throws: StoreError.self) {
            try store.replaceRome(source: "rome", RomeReferential(metiers: [RomeMetier(code: code, label: "x")]))
        }
    }

    @Test func fapLabelsAndRomeLinks() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceFAP(source: "dares-fap", labels: [
            FAPLabel(code: "A0X40", label: "Agriculteurs", nomenclature: .fap2021, level: "FAP228", parentCode: "A0X"),
            FAPLabel(code: "A0X", label: "Agriculteurs, éleveurs", nomenclature: .fap2021, level: "FAP86", parentCode: "A"),
            FAPLabel(code: "A0Z40", label: "Agriculteurs salariés", nomenclature: .fap2009),
        ], romeLinks: [
            FAPRomeLink(fapCode: "A0Z40", romeCode: "A1401", nomenclature: .fap2009),
            FAPRomeLink(fapCode: "A0Z40", romeCode: "A1402", nomenclature: .fap2009),
            FAPRomeLink(fapCode: "A0Z40", romeCode: "A1401", nomenclature: .fap2009),
        ])
        #expect(try store.fapLabel("A0X40", nomenclature: .fap2021)?.parentCode == "A0X")
        #expect(try store.fapLabel("A0X40", nomenclature: .fap2009) == nil)
        #expect(try store.fapLabels(nomenclature: .fap2021).map(\.code) == ["A0X", "A0X40"])
        #expect(try store.romeCodes(forFAP: "A0Z40", nomenclature: .fap2009) == ["A1401", "A1402"])
        #expect(try store.romeCodes(forFAP: "A0Z40", nomenclature: .fap2021).isEmpty)
        #expect(try store.fapCodes(forRome: "A1402", nomenclature: .fap2009) == ["A0Z40"])
    }

    @Test func formacodesAndTheirRomeCodes() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        try store.replaceFormacode(source: "formacode-v12", formacodes: [Formacode(code: "22403", label: "plâtrerie")],
                                   romeLinks: [RomeFormacodeLink(romeCode: "F1604", formacode: "22403")])
        #expect(try store.formacode("22403")?.label == "plâtrerie")
        #expect(try store.formacodes(forRome: "F1604") == ["22403"])
        #expect(try store.romeCodes(forFormacode: "22403") == ["F1604"])
    }

    @Test func trainingOffersByRomeFormacodeAndCommune() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        let plaquiste = TrainingOffer(id: "07_10", title: "Titre professionnel plaquiste", formacodes: ["22403"],
                                      romeCodes: ["F1604"], rncpCodes: ["320"], communeCode: "37266",
                                      placeLabel: "AFPA Veigné", sessions: [
                                          TrainingSession(start: "2018-09-03", end: "2019-03-29"),
                                          TrainingSession(start: nil, end: nil),
                                      ])
        let other = TrainingOffer(id: "08_01", title: "Aide-soignant", romeCodes: ["J1501"], communeCode: "36044")
        try store.replaceTrainingOffers(source: "carif-cvl", [plaquiste, other])
        #expect(try store.trainingOffers() == [plaquiste, other])
        #expect(try store.trainingOffers(romeCode: "F1604") == [plaquiste])
        #expect(try store.trainingOffers(formacode: "22403", communes: ["37266"]) == [plaquiste])
        #expect(try store.trainingOffers(communes: ["36044", "18033"]).map(\.id) == ["08_01"])

        var backwards = plaquiste
        backwards.sessions = [TrainingSession(start: "2019-03-29", end: "2018-09-03")]
        #expect(throws: StoreError.self) { try store.replaceTrainingOffers(source: "carif-cvl", [backwards]) }
        var badDate = plaquiste
        badDate.sessions = [TrainingSession(start: "03/09/2018", end: nil)]
        #expect(throws: StoreError.self) { try store.replaceTrainingOffers(source: "carif-cvl", [badDate]) }
        #expect(try store.trainingOffers().count == 2)
    }

    @Test func certificationsWithTheirBlocks() throws {
        let store = try ObservatoryDatabase.inMemory(now: fixedNow)
        let certification = Certification(numero: "RNCP35830", title: "Plaquiste", isActive: true,
                                          romeCodes: ["F1604"], formacodes: ["22403"], nsfCodes: ["233"],
                                          blocks: [CompetenceBlock(code: "RNCP35830BC01", label: "Poser des cloisons")])
        try store.replaceCertifications(source: "rncp", [certification,
            Certification(numero: "RS5678", title: "Habilitation électrique", isActive: false)])
        #expect(try store.certification("RNCP35830") == certification)
        #expect(try store.certifications(forRome: "F1604").map(\.numero) == ["RNCP35830"])
        #expect(try store.certification("RS5678")?.isActive == false)
        #expect(throws: StoreError.self) {
            try store.replaceCertifications(source: "rncp", [certification, certification])
        }
        #expect(try store.certification("RS5678") != nil)
    }
}

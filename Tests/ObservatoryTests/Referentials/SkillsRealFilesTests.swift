import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryIndicators
import ObservatoryStore
import Testing

/// The competence functions on the real ROME v460 subset (12 codes) and the real DARES FAP-2009 →
/// ROME table: what the engine reads is what the files say.
@Suite(.serialized, .enabled(if: ReferentialTestData.isAvailable, ReferentialTestData.absent))
struct SkillsRealFilesTests {
    /// The store with the subset and the FAP table, and the referential as the engine sees it.
    static func load() throws -> (ObservatoryDatabase, SkillsReferential) {
        let database = try ObservatoryDatabase.inMemory()
        _ = try RomeLoaderTests.load(try ReferentialTestData.romeZip(of: "francetravail-rome4-v460/subset-12-codes"), into: database)
        _ = try ReferentialTestData.load(try ReferentialTestData.input("fap", "fap225_rome.csv",
            file: ReferentialTestData.url("dares-portraitstatmetiers/fap225_rome.csv")), into: database)
        let data = try StoreIndicatorData(database: database, catalog: try ReferentialTestData.catalog())
        return (database, try #require(try data.skills()))
    }

    @Test func competencesOfAMetierAreTheFilesLinks() throws {
        let (_, referential) = try Self.load()
        for expected in RomeLoaderTests.subset {
            let uses = referential.competences[expected.code] ?? []
            #expect(uses.count == expected.links, "\(expected.code)")
            #expect(uses.count { $0.kind == "savoir-faire" } == expected.savoirFaire, "\(expected.code)")
            #expect(uses.count { $0.isCore } == expected.principale + expected.emergente, "\(expected.code)")
        }
    }

    @Test func jaccardOnRealMetiers() throws {
        let (_, referential) = try Self.load()
        let codes = RomeLoaderTests.subset.map(\.code)
        for a in codes {
            let left = SkillsMath.competenceSet(a, referential)
            #expect(SkillsMath.jaccard(left, left) == 1)
            for b in codes {
                let right = SkillsMath.competenceSet(b, referential)
                #expect(SkillsMath.jaccard(left, right) == SkillsMath.jaccard(right, left))
            }
        }
    }

    @Test func passerellesOnlyFollowTheFilesMobilityLinks() throws {
        let (database, referential) = try Self.load()
        // Invented counts: every métier has many jobseekers and a tension of 1 — both low and high
        // enough — so that every pair is a candidate and only the mobility links can choose.
        let codes = RomeLoaderTests.subset.map(\.code)
        let table = Table(dimension: "rome", entries: codes.map { .init(key: $0, value: .exact(1)) })
        let result = SkillsMath.passerelles(jobseekers: table, tension: table,
                                            thresholds: .init(minJobseekers: 1, maxSourceTension: 1, minTargetTension: 1), referential)
        var expected = Set<String>()
        for code in codes {
            for link in try database.mobilityLinks(from: code) where codes.contains(link.targetRomeCode) {
                expected.insert("\(code)>\(link.targetRomeCode)")
            }
        }
        #expect(!expected.isEmpty)
        #expect(Set(result.entries.map(\.key)) == expected)
        let labels = try database.referentialLabels(dimension: "passerelle", codes: Array(expected.prefix(1)))
        #expect(labels.values.first?.contains(" → ") == true)
    }

    @Test func crosswalkWeightsOfEveryFAPSumToOne() throws {
        let (_, referential) = try Self.load()
        let crosswalk = try #require(referential.crosswalks.first { $0.nomenclature == "FAP-2009" })
        #expect(crosswalk.links.count > 200, "the DARES table has 225 FAP")
        for fap in crosswalk.links.keys {
            for metiers in [referential.metiers, []] {
                let weights = SkillsMath.weights(of: fap, crosswalk, metiers: metiers)
                if weights.isEmpty { continue }
                #expect(abs(weights.map(\.weight).reduce(0, +) - 1) < 1e-12, "\(fap)")
            }
        }
    }

    @Test func labelsOfReferentialCodes() throws {
        let (database, referential) = try Self.load()
        let rome = try database.referentialLabels(dimension: "rome", codes: ["J1501", "X0000"])
        #expect(rome.keys.sorted() == ["J1501"], "an unknown code is left out")
        let competence = try #require(referential.competences["J1501"]?.first)
        let labels = try database.referentialLabels(dimension: "competence", codes: [competence.code])
        #expect(labels[competence.code] == referential.competenceLabels[competence.code])
        #expect(try database.referentialLabels(dimension: "nothing", codes: ["J1501"]).isEmpty)
    }
}

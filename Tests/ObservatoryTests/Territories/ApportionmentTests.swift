import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore
import Testing

/// The aggregation core on a small invented store: six communes in two zones, census weights
/// per commune, a basin that straddles both zones, a file that covers two communes only.
struct ApportionmentTests {
    /// Communes c1…c6 (codes 99001…99006): population, salaried jobs, active population.
    static let weights: [(code: String, population: Double, salaried: Double, active: Double)] = [
        ("99001", 1_000, 800, 500), ("99002", 3_000, 100, 1_400), ("99003", 6_000, 1_100, 2_900),
        ("99004", 500, 50, 200), ("99005", 2_500, 950, 1_300), ("99006", 2_000, 1_000, 1_000),
    ]
    static let zone1 = TerritoryID(.zoneEmploi, "9901"), zone2 = TerritoryID(.zoneEmploi, "9902")
    static let dep = TerritoryID(.departement, "99"), basin = TerritoryID(.custom, "bassin")
    static let small = TerritoryID(.custom, "petit")

    /// A dataset file of the invented catalogue: its id, its one file and its `ingest:` lines.
    static func dataset(_ id: String, publisher: String = "p", file: String, vintage: String, ingest: String) -> String {
        """
        id: \(id)
        title: t
        publisher: \(publisher)
        licence: l
        landing_page: https://example.org/
        description: d
        files: [{name: \(file), vintage: "\(vintage)", format: csv, url: "https://example.org/\(file)"}]
        ingest:
          kind: observations
        \(ingest)
        """
    }

    static let catalogText = [
        "insee-comparateur": dataset("insee-comparateur", publisher: "INSEE", file: "c.csv", vintage: "2018",
                       ingest: #"  territory: {column: CODGEO, geography: commune}\#n  period: "2018"\#n  measures: {population: P18_POP, emplois_salaries: P18_EMPLT_SAL, actifs_15_64: P18_ACT1564}"#),
        "emp": dataset("emp", file: "e.csv", vintage: "2024",
                       ingest: #"  territory: {column: ZE, geography: ze2020}\#n  period: "2024"\#n  measures: {effectifs: EFF, taux: TAUX}\#n  units: {taux: percent}\#n  apportion: {effectifs: salaried-jobs, taux: active-population}"#),
        "com": dataset("com", file: "d.csv", vintage: "2024",
                       ingest: #"  territory: {column: CODGEO, geography: commune}\#n  period: "2024"\#n  measures: {defm: DEFM}\#n  apportion: {defm: active-population}"#),
        "dep": dataset("dep", file: "t.csv", vintage: "2024",
                       ingest: #"  territory: {column: DEP, geography: dep}\#n  period: "2024"\#n  measures: {tension: TENSION}\#n  units: {tension: index}"#),
    ]

    let database: ObservatoryDatabase
    let data: StoreIndicatorData

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apportion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in Self.catalogText {
            try text.write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let catalog = try Catalog.load(directory: folder)
        database = try ObservatoryDatabase.inMemory()
        let communes = Self.weights.map { TerritoryID(.commune, $0.code) }
        var memberships: [Membership] = []
        for (index, commune) in communes.enumerated() {
            memberships += [Membership(member: commune, parent: index < 3 ? Self.zone1 : Self.zone2),
                            Membership(member: commune, parent: Self.dep), Membership(member: commune, parent: .france)]
        }
        try database.replaceTerritories(source: "composition", territories: communes.map { Territory(id: $0, name: $0.code) },
                                        memberships: memberships)
        // The basin: c1, c2 (zone 1) and c4 (zone 2); the small one: c4 alone.
        try database.replaceTerritories(source: "custom", territories: [Territory(id: Self.basin, name: "Bassin"),
                                                                        Territory(id: Self.small, name: "Petit")],
                                        memberships: ["99001", "99002", "99004"].map { Membership(member: TerritoryID(.commune, $0), parent: Self.basin) }
                                            + [Membership(member: TerritoryID(.commune, "99004"), parent: Self.small)])
        try Self.store(database, "insee-comparateur", Self.weights.flatMap { row in
            [("population", row.population), ("emplois_salaries", row.salaried), ("actifs_15_64", row.active)].map {
                Observation(measure: $0.0, territory: TerritoryID(.commune, row.code), period: .year(2018), value: $0.1, status: .present)
            }
        })
        try Self.store(database, "emp", [
            Observation(measure: "effectifs", territory: Self.zone1, period: .year(2024), value: 2_000, status: .present),
            Observation(measure: "effectifs", territory: Self.zone2, period: .year(2024), value: 4_000, status: .present),
            Observation(measure: "taux", territory: Self.zone1, period: .year(2024), value: 10, status: .present),
            Observation(measure: "taux", territory: Self.zone2, period: .year(2024), value: 6, status: .present),
        ])
        try Self.store(database, "com", [
            Observation(measure: "defm", territory: TerritoryID(.commune, "99001"), period: .year(2024), value: 40, status: .present),
            Observation(measure: "defm", territory: TerritoryID(.commune, "99002"), period: .year(2024), value: 90, status: .present),
        ])
        try Self.store(database, "dep", [
            Observation(measure: "tension", territory: Self.dep, period: .year(2024), value: 3.5, status: .present),
        ])
        data = try StoreIndicatorData(database: database, catalog: catalog)
    }

    static func store(_ database: ObservatoryDatabase, _ dataset: String, _ observations: [Observation]) throws {
        try database.replaceVintage(VintageProvenance(dataset: DatasetID(dataset), vintage: "1", sourceFile: "\(dataset).csv",
                                                      sha256: String(repeating: "a", count: 64))) { writer in
            try writer.append(contentsOf: observations)
        }
    }

    func value(_ measure: String, _ territory: TerritoryID) throws -> Value {
        let parts = measure.split(separator: ".").map(String.init)
        let access = try data.measure(MeasureReference(dataset: parts[0], measure: parts[1], location: SourceLocation(line: 1, column: 1)), groupBy: nil,
                                      territory: territory, period: .year(2024))
        return try #require(access.result.scalar)
    }

    @Test func aCountIsSharedOutByTheMeasuresKey() throws {
        // Zone 1: salaried jobs 800 + 100 of 2 000 inside; zone 2: 50 of 2 000.
        let jobs = try value("emp.effectifs", Self.basin)
        let expected = 2_000 * 900.0 / 2_000 + 4_000 * 50.0 / 2_000
        #expect(abs(jobs.number! - expected) < 1e-9)
        #expect(jobs.status == .approximate)
        let extent = try #require(jobs.extent)
        #expect(extent.key == .salariedJobs && extent.coverage == 1 && abs(extent.apportioned - 1) < 1e-12)
        // A union of whole zones is exact, its key unused.
        #expect(try value("emp.effectifs", Self.dep).number == 6_000)
        #expect(try value("emp.effectifs", Self.dep).extent == nil)
    }

    @Test func aRateIsAMeanWeightedByTheTerritorysPartOfEachUnit() throws {
        // Active population of the basin: 500 + 1 400 in zone 1 (10 %), 200 in zone 2 (6 %).
        let rate = try value("emp.taux", Self.basin)
        #expect(abs(rate.number! - (10 * 1_900 + 6 * 200) / 2_100.0) < 1e-9)
        #expect(rate.extent?.weightedMean == true && rate.extent?.key == .activePopulation && rate.status == .approximate)
        // Never summed, even over whole units.
        let department = try value("emp.taux", Self.dep)
        try #require(department.number != nil, "\(department.reason ?? "")")
        #expect(abs(department.number! - (10 * 4_800 + 6 * 2_500) / 7_300.0) < 1e-9 && department.status == .approximate)
    }

    @Test func aSmallPartOfALargerUnitDoesNotBorrowItsValue() throws {
        // c4 is 200 of the département's 7 300 active people: the département's index is not its own.
        let tension = try value("dep.tension", Self.small)
        #expect(tension.number == nil)
        #expect(tension.reason?.contains("makes up only") == true)
        #expect(try value("dep.tension", Self.dep).number == 3.5)
    }

    @Test func coverageIsWeightedByWhatIsMeasuredAndBelowTheThresholdThereIsNoValue() throws {
        // The file holds c1 and c2: 1 900 of France's 7 300 active people, 26 %.
        let france = try value("com.defm", .france)
        #expect(france.number == 130)
        let extent = try #require(france.extent)
        #expect(abs(extent.coverage - 1_900 / 7_300.0) < 1e-12 && extent.key == .activePopulation)
        #expect(extent.coveredBy == "département 99")
        let checked = EvaluationResult.scalar(france).requiringCoverage(0.95, of: "fr:FR")
        #expect(checked.scalar?.number == nil)
        #expect(checked.scalar?.reason == "the source covers only 26 % of fr:FR (département 99), weighted by active population aged 15-64 (census); below the 95 % an indicator requires")
        // The communes of the file make the basin's c1 and c2, not c4: 1 900 of 2 100.
        let basin = try value("com.defm", Self.basin)
        #expect(basin.number == 130 && abs(basin.extent!.coverage - 1_900 / 2_100.0) < 1e-12)
        #expect(EvaluationResult.scalar(basin).requiringCoverage(0.95, of: "custom:bassin").scalar?.number == nil)
        #expect(EvaluationResult.scalar(basin).requiringCoverage(0.5, of: "custom:bassin").scalar?.number == 130)
    }

    @Test func extentsMergeToTheNarrowestCoverageAndTheWidestEstimate() {
        let a = Extent(coverage: 0.97, apportioned: 0.1, key: .population)
        let b = Extent(coverage: 1, apportioned: 0.4, key: .salariedJobs)
        let sum = Value.combine(Value(lower: 1, upper: 1, maskedCells: 0, extent: a, reason: nil, sources: []),
                                Value(lower: 2, upper: 2, maskedCells: 0, extent: b, reason: nil, sources: []), .add)
        #expect(sum.extent?.coverage == 0.97 && sum.extent?.apportioned == 0.4 && sum.extent?.key == .salariedJobs)
        #expect(sum.status == .approximate)
    }
}

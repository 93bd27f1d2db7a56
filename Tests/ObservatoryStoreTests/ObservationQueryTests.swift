import Foundation
import ObservatoryCore
import ObservatoryStore
import Testing

struct ObservationQueryTests {
    let store: ObservatoryDatabase
    let chomage: DatasetID = "chomage-ze"
    let blois = TerritoryID(.zoneEmploi, "2401")
    let vierzon = TerritoryID(.zoneEmploi, "2415")

    init() throws {
        store = try ObservatoryDatabase.inMemory(now: fixedNow)
        func rate(_ zone: TerritoryID, _ quarter: Int, _ value: Double, year: Int = 2023) -> Observation {
            Observation(measure: "taux", territory: zone, period: .quarter(year, quarter), value: value, status: .present)
        }
        try store.replaceVintage(provenance(chomage, "2023-06")) { writer in
            try writer.append(contentsOf: [rate(blois, 1, 6.1), rate(vierzon, 1, 10.0)])
        }
        try store.replaceVintage(provenance(chomage, "2023-12")) { writer in
            try writer.append(contentsOf: [rate(blois, 1, 6.2), rate(blois, 2, 6.3), rate(vierzon, 1, 10.2),
                                           rate(vierzon, 2, 10.1), rate(TerritoryID(.departement, "18"), 2, 7.0)])
        }
        try store.replaceVintage(provenance("bmo", "2023")) { writer in
            try writer.append(contentsOf: [met(bourges, "A0Z40", 10), met(bourges, "A1Z40", 20),
                                           met(chateauroux, "A0Z40", nil, status: .masked)])
        }
    }

    @Test func latestReadsOnlyTheLatestVintageLabel() throws {
        let latest = try store.observations(ObservationQuery(dataset: chomage, measure: "taux", vintages: .latest))
        #expect(latest.count == 5)
        #expect(latest.first { $0.territory == vierzon && $0.period == .quarter(2023, 1) }?.value == 10.2)
    }

    @Test func allStreamsEveryVintageOldestFirst() throws {
        var seen: [String] = []
        try store.forEachObservation(ObservationQuery(dataset: chomage, measure: "taux")) { vintage, _ in
            seen.append(vintage)
        }
        #expect(seen == ["2023-06", "2023-06"] + Array(repeating: "2023-12", count: 5))
    }

    @Test func filtersByGeographyTerritoriesAndPeriods() throws {
        var query = ObservationQuery(dataset: chomage, measure: "taux", vintages: .only("2023-12"), geography: .zoneEmploi)
        #expect(try store.observations(query).count == 4)
        query.territories = [vierzon]
        #expect(try store.observations(query).map(\.value) == [10.2, 10.1])
        query.periods = Period.quarter(2023, 2)...Period.quarter(2023, 4)
        #expect(try store.observations(query).map(\.value) == [10.1])
        query.geography = nil
        query.territories = nil
        #expect(try store.observations(query).map(\.territory) == [TerritoryID(.departement, "18"), blois, vierzon])
    }

    @Test func filtersByDimensions() throws {
        let query = ObservationQuery(dataset: "bmo", measure: "met", dimensions: ["metier": "A0Z40"])
        let cells = try store.observations(query)
        #expect(cells == [met(bourges, "A0Z40", 10), met(chateauroux, "A0Z40", nil, status: .masked)])
    }

    @Test func anUnknownMeasureOrDatasetGivesNothing() throws {
        #expect(try store.observations(ObservationQuery(dataset: "bmo", measure: "xmet")).isEmpty)
        #expect(try store.observations(ObservationQuery(dataset: "nope", measure: "met")).isEmpty)
    }

    @Test func listsPeriodsMeasuresAndVintages() throws {
        #expect(try store.periods(of: chomage) == [.quarter(2023, 1), .quarter(2023, 2)])
        #expect(try store.periods(of: chomage, vintage: "2023-06") == [.quarter(2023, 1)])
        #expect(try store.measures(of: "bmo") == ["met"])
        #expect(try store.vintages(of: chomage).map(\.vintage) == ["2023-06", "2023-12"])
    }

    @Test func summarisesEachDataset() throws {
        let statuses = try store.datasetStatuses()
        #expect(statuses.map(\.dataset) == ["bmo", chomage])
        let bmo = try #require(statuses.first)
        #expect(bmo.rowCount == 3)
        #expect(bmo.maskedCount == 1)
        #expect(bmo.lastFetchedAt == provenance().fetchedAt)
        #expect(bmo.lastIngestedAt == fixedNow())
        #expect(bmo.vintages.first?.provenance.sha256 == sha("a"))
    }

    @Test func dimensionsWithSeparatorsRoundTrip() throws {
        let odd = Observation(measure: "n", territory: bourges, period: .month(2024, 9),
                              dimensions: ["a=b": "c&d", "pct": "50%", "empty": ""], value: 1, status: .present)
        try store.replaceVintage(provenance("odd", "1")) { try $0.append(odd) }
        #expect(try store.observations(ObservationQuery(dataset: "odd", measure: "n")) == [odd])
    }

    @Test func syntheticObservationsAreIngested() throws {
        let summary = try store.replaceVintageWithSyntheticObservations(count: 3_000)
        #expect(summary.rowCount == 3_000)
        #expect(summary.maskedCount > 0)
        #expect(summary.missingCount > 0)
        #expect(try store.observations(ObservationQuery(dataset: "synthetic", measure: "met")).count == 1_000)
    }
}

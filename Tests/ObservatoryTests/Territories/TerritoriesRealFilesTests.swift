import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryIndicators
import ObservatoryStore
import Testing

/// Territories that add up, on the real files: merged communes reach their successors, custom
/// basins get their bassins' exact BMO figures, jobs are shared out by salaried jobs, rates come
/// from INSEE's series, a file covering one département does not speak for France.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct TerritoriesRealFilesTests {
    static let successionsFile = IngestPaths.repository.appendingPathComponent("Indicators/communes/successions.csv")

    /// Commune codes of the ZE2020 composition at 1 January 2022.
    static func compositionCodes() throws -> Set<String> {
        let reader = try XLSXReader(url: IngestPaths.shared("insee-ze2020/ZE2020_au_01-01-2022.xlsx")).sheet(named: "Composition_communale")
        var codes: Set<String> = []
        try reader.forEachDataRow(header: .row(6)) { row in if let code = row["CODGEO"]?.trimmed, !code.isEmpty { codes.insert(code) } }
        return codes
    }

    /// The bounding box of each commune of the IGN 2018 boundaries.
    static func boundingBoxes() throws -> [String: (minX: Double, minY: Double, maxX: Double, maxY: Double)] {
        let data = try Data(contentsOf: IngestPaths.shared("ign-contours/communes-centre-val-de-loire.geojson"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var boxes: [String: (Double, Double, Double, Double)] = [:]
        for feature in root["features"] as? [[String: Any]] ?? [] {
            guard let code = (feature["properties"] as? [String: Any])?["code"] as? String,
                  let geometry = feature["geometry"] as? [String: Any] else { continue }
            var box = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
            func visit(_ node: Any) {
                if let pair = node as? [Double], pair.count >= 2 {
                    box = (min(box.0, pair[0]), min(box.1, pair[1]), max(box.2, pair[0]), max(box.3, pair[1]))
                } else if let list = node as? [Any] { list.forEach(visit) }
            }
            visit(geometry["coordinates"] ?? [])
            boxes[code] = box
        }
        return boxes
    }

    @Test func everyFormerCodeOfTheRegionHasASuccessorThatExistsAndBordersIt() throws {
        let successions = try CommuneSuccessions.load(Self.successionsFile, displayRoot: nil)
        let current = try Self.compositionCodes()
        let boxes = try Self.boundingBoxes()
        // Every 2018 commune of the région that is gone in 2022 is in the table.
        let gone = Set(boxes.keys).subtracting(current)
        #expect(gone.count == 19)
        #expect(gone == Set(successions.successors.keys))
        func touch(_ x: String, _ y: String) -> Bool {
            guard let a = boxes[x], let b = boxes[y] else { return false }
            return a.minX <= b.maxX + 1e-4 && b.minX <= a.maxX + 1e-4 && a.minY <= b.maxY + 1e-4 && b.minY <= a.maxY + 1e-4
        }
        for (old, new) in successions.successors {
            #expect(current.contains(new), "\(old) → \(new): the successor exists in 2022")
            // The commune nouvelle is its chef-lieu and the communes it absorbed: contiguous on the 2018 map.
            var reached: Set<String> = [new]
            var grew = true
            let merged = successions.successors.filter { $0.value == new }.map(\.key)
            while grew {
                grew = false
                for code in merged where !reached.contains(code) && reached.contains(where: { touch(code, $0) }) {
                    reached.insert(code)
                    grew = true
                }
            }
            #expect(reached.contains(old), "\(old) → \(new): joined to its commune nouvelle on the 2018 boundaries")
        }
    }

    @Test func successionsAreCheckedAndFollowedThroughChains() throws {
        let table = try CommuneSuccessions.parse("ancien;ancien_nom;nouveau;nouveau_nom\n11111;A;22222;B\n22222;B;33333;C\n", path: "s.csv")
        #expect(table.current("11111") == "33333" && table.current("22222") == "33333" && table.current("44444") == "44444")
        #expect(throws: DiagnosticsError.self) { try CommuneSuccessions.parse("ancien;a;nouveau;n\n1234;A;22222;B\n", path: "s.csv") }
        do {
            _ = try CommuneSuccessions.parse("ancien;a;nouveau;n\n11111;A;22222;B\n22222;B;11111;A\nx\n", path: "s.csv")
            Issue.record("a cycle and a short line are errors")
        } catch let error as DiagnosticsError {
            let text = error.diagnostics.map(\.description)
            #expect(text.contains { $0.hasPrefix("s.csv:4:1: error: expected") })
            #expect(text.contains { $0.contains("cycle") })
        }
    }

    /// Σ numeric and count of `*` of BMO 2024's `met` over a bassin.
    static func bmoBassin(_ code: String) throws -> (Double, Int) {
        let reader = try XLSXReader(url: IngestPaths.shared("francetravail-bmo/Base_open_data_BMO_2024.xlsx")).sheet(named: "BMO_2024_open_data")
        var total = 0.0, masked = 0
        try reader.forEachDataRow(header: .row(1)) { row in
            guard row["BE24"]?.trimmed == code, let cell = row["met"]?.trimmed else { return }
            if cell == "*" { masked += 1 } else { total += Double(cell) ?? 0 }
        }
        return (total, masked)
    }

    @Test func basinsMadeOfWholeBassinsGetTheirExactBMOFigures() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["ze2020", "bassins-bmo", "bmo", "insee-comparateur"])
        let summary = try await bench.ingest(["ze2020", "bassins-bmo", "bmo", "insee-comparateur"])
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        let service = ComputeService(layout: bench.layout)
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        let values = try service.compute(library: try service.library(catalog: bench.catalog), data: data, indicators: ["bmo_projets"],
                                         territories: [TerritoryID(.custom, "blois"), TerritoryID(.custom, "chateauroux")])
        for (basin, bassin) in [("blois", "2416"), ("chateauroux", "2410")] {
            let value = try #require(values.first { $0.territory.code == basin && $0.period == .year(2024) }?.result.scalar)
            let (sum, masked) = try Self.bmoBassin(bassin)
            #expect(value.extent == nil, "\(basin): a union of whole bassins is exact")
            #expect(value.lower == sum && value.maskedCells == masked, "\(basin): bassin \(bassin) of the file: \(sum), \(masked)")
        }
    }
}

/// EPCIs named without codes in the jobseekers' files reach their INSEE codes, communes,
/// départements and régions through the table d'appartenance.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct EPCIByCodeTests {
    @Test func theJobseekersFilesEPCIsAreCodedAndPlaced() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["insee-appartenance", "defm-epci"])
        let summary = try await bench.ingest(["insee-appartenance", "defm-epci"])
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        let vierzon = TerritoryID(.epci, "200090561")
        #expect(try bench.database.parents(of: TerritoryID(.commune, "18279"), geography: .epci).map(\.parent) == [vierzon])
        #expect(try bench.database.parents(of: vierzon, geography: .departement).map(\.parent) == [TerritoryID(.departement, "18")])
        var values: [Period: Double] = [:]
        try bench.database.forEachObservation(ObservationQuery(dataset: "defm-epci", measure: "defm_abc", territories: [vierzon])) { _, observation in
            values[observation.period] = observation.value
        }
        #expect(values[.month(2016, 12)] == 3_442, "CC Vierzon-Sologne-Berry, December 2016, as the file gives it")
        // What does not match is reported, never silently dropped.
        let notes = summary.items.filter { $0.dataset.id == "defm-epci" }.flatMap { item -> [String] in
            if case .ingested(_, let notes) = item.result { notes } else { [] }
        }
        #expect(notes.contains { $0.contains("matched to their codes by name") && $0.contains("not found") })
    }

    @Test func namesFoldTheLegalFormsAndAccents() {
        #expect(NameKey.fold("Communauté de communes Vierzon-Sologne-Berry") == NameKey.fold("CC Vierzon Sologne Berry"))
        #expect(NameKey.fold("CA Bourges Plus") != NameKey.fold("CC Bourges Plus"))
        #expect(NameKey.fold("Châteauroux Métropole") == "chateaurouxmetropole")
    }
}

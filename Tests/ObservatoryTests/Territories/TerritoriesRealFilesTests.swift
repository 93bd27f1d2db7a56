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

/// A territory's values recomputed by hand from the raw files: jobs shared out by salaried jobs,
/// census figures exact for a basin, INSEE's own rates for the région and a département, and no
/// value where the data do not cover the territory.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct TerritoryValuesRealFilesTests {
    /// The census columns of the comparateur, per commune.
    static func comparateur() throws -> [String: [String: Double]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", IngestPaths.shared("insee-comparateur/base_cc_comparateur_csv.zip").path, "base_cc_comparateur.CSV"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        var rows: [String: [String: Double]] = [:]
        for fields in lines.dropFirst() where fields.count == header.count {
            var row: [String: Double] = [:]
            for (name, field) in zip(header, fields) { row[name] = Double(field) }
            rows[fields[0]] = row
        }
        return rows
    }

    /// The Tours basin's communes as its file lists them, former codes taken to their successors.
    static func toursCommunes() throws -> Set<String> {
        let text = try String(contentsOf: IngestPaths.repository.appendingPathComponent("Indicators/territories/tours.yaml"), encoding: .utf8)
        let successions = try String(contentsOf: TerritoriesRealFilesTests.successionsFile, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { $0.split(separator: ";").map(String.init) }
        let successor = Dictionary(uniqueKeysWithValues: successions.map { ($0[0], $0[2]) })
        let codes = text.matches(of: try Regex(#""(\d{5})""#)).map { String(text[$0.range].dropFirst().dropLast()) }
        return Set(codes.map { successor[$0] ?? $0 })
    }

    static func zoneOfCommune() throws -> [String: String] {
        let reader = try XLSXReader(url: IngestPaths.shared("insee-ze2020/ZE2020_au_01-01-2022.xlsx")).sheet(named: "Composition_communale")
        var zones: [String: String] = [:]
        try reader.forEachDataRow(header: .row(6)) { row in
            if let code = row["CODGEO"]?.trimmed, let zone = row["ZE2020"]?.trimmed, !code.isEmpty { zones[code] = zone }
        }
        return zones
    }

    static func compute(_ datasets: [String], _ indicators: [String], _ territories: [TerritoryID]) async throws -> [ComputedValue] {
        let bench = try IngestBench()
        try await bench.placeFromMirror(datasets)
        let summary = try await bench.ingest(datasets.map { DatasetID($0) })
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        let service = ComputeService(layout: bench.layout)
        let data = try StoreIndicatorData(database: bench.database, catalog: bench.catalog)
        return try service.compute(library: try service.library(catalog: bench.catalog), data: data, indicators: indicators, territories: territories)
    }

    @Test func aBasinsSalariedJobsAreSharedOutBySalariedJobsAndItsCensusFiguresAreExact() async throws {
        let tours = TerritoryID(.custom, "tours")
        let values = try await Self.compute(["ze2020", "bassins-bmo", "urssaf-ze", "insee-comparateur"],
                                            ["emploi_salarie", "recensement_emplois", "recensement_taux_chomage"], [tours])
        // By hand: each zone's salaried jobs × the basin's share of the zone's salaried jobs (census 2018).
        let census = try Self.comparateur()
        let zones = try Self.zoneOfCommune()
        let basin = try Self.toursCommunes()
        var salaried: [String: (inside: Double, all: Double)] = [:]
        for (commune, zone) in zones {
            let weight = census[commune]?["P18_EMPLT_SAL"] ?? 0
            salaried[zone, default: (0, 0)].all += weight
            if basin.contains(commune) { salaried[zone, default: (0, 0)].inside += weight }
        }
        var jobs: [Period: [String: Double]] = [:]
        let rows = try String(contentsOf: IngestPaths.shared("urssaf-ze-quarterly/urssaf_emploi_ze_quarterly_raw.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for row in rows where row.count >= 5 {
            guard let year = Int(row[0]), let quarter = Int(row[1]), let count = Double(row[4]) else { continue }
            jobs[.quarter(year, quarter), default: [:]][String(repeating: "0", count: max(0, 4 - row[2].count)) + row[2], default: 0] += count
        }
        let latest = try #require(jobs.keys.max())
        let expected = salaried.filter { $0.value.inside > 0 }.reduce(0.0) { sum, zone in
            sum + (jobs[latest]?[zone.key] ?? .nan) * zone.value.inside / zone.value.all
        }
        let value = try #require(values.first { $0.indicator.id == "emploi_salarie" && $0.period == latest }?.result.scalar)
        let lower = try #require(value.lower)
        #expect(abs(lower - expected) < 1e-6 * expected, "Tours, \(latest): \(lower) against \(expected) by hand")
        #expect(value.extent?.key == .salariedJobs && (value.extent?.apportioned ?? 0) > 0.3, "an estimate by salaried jobs, said so: \(String(describing: value.extent))")
        #expect(expected > 120_000, "most of the zone's jobs are in Tours and its métropole")

        // Census figures: counted commune by commune, exact for the basin.
        let emplois = basin.reduce(0.0) { $0 + (census[$1]?["P18_EMPLT"] ?? 0) }
        let census2018 = try #require(values.first { $0.indicator.id == "recensement_emplois" }?.result.scalar)
        #expect(census2018.extent == nil && abs((census2018.lower ?? 0) - emplois) < 1e-6, "\(String(describing: census2018.lower)) against \(emplois)")
        let rate = 100 * basin.reduce(0.0) { $0 + (census[$1]?["P18_CHOM1564"] ?? 0) } / basin.reduce(0.0) { $0 + (census[$1]?["P18_ACT1564"] ?? 0) }
        let censusRate = try #require(values.first { $0.indicator.id == "recensement_taux_chomage" }?.result.scalar)
        #expect(censusRate.extent == nil && abs((censusRate.lower ?? 0) - rate) < 1e-9, "\(String(describing: censusRate.lower)) against \(rate)")
    }

    @Test func theRegionAndItsDepartementsShowINSEEsRatesAndNoFileSpeaksForATerritoryItDoesNotCover() async throws {
        let region = TerritoryID(.region, "24"), cher = TerritoryID(.departement, "18"), france = TerritoryID(.france, "FR")
        let vierzon = TerritoryID(.custom, "vierzon")
        let values = try await Self.compute(["ze2020", "bassins-bmo", "insee-comparateur", "chomage-dep-reg", "chomage-ze", "defm-communes", "dares-tensions"],
                                            ["chomage_taux", "demandeurs_abc", "metiers_en_tension"], [region, cher, france, vierzon])
        // By hand: the series of each idBank, its 2019-T4 column.
        let lines = try String(contentsOf: IngestPaths.shared("insee-chomage-dep-reg/taux_de_chomage.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map { $0.split(separator: ";", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") } }
        let header = try #require(lines.first)
        let column = try #require(header.firstIndex(of: "2019-T4"))
        func insee(_ idBank: String) throws -> Double {
            let row = try #require(lines.first { $0.count > column && $0[1] == idBank })
            return try #require(Double(row[column]))
        }
        for (territory, idBank) in [(region, "001515847"), (cher, "001515882")] {
            let value = try #require(values.first { $0.indicator.id == "chomage_taux" && $0.territory == territory && $0.period == .quarter(2019, 4) }?.result.scalar)
            let published = try insee(idBank)
            #expect(value.extent == nil && value.lower == published, "\(territory): INSEE's own rate for 2019-T4, \(published)")
        }
        // The commune file of jobseekers holds one département: France has no value, with the reason.
        let franceJobseekers = values.filter { $0.indicator.id == "demandeurs_abc" && $0.territory == france }.compactMap(\.result.scalar)
        #expect(!franceJobseekers.isEmpty && franceJobseekers.allSatisfy { !$0.hasValue && ($0.reason ?? "").contains("covers only") },
                "\(franceJobseekers.prefix(1).map { $0.reason ?? "" })")
        // Vierzon's basin is part of the Cher: the Cher's count of métiers in tension is not Vierzon's.
        let cherCount = try #require(values.first { $0.indicator.id == "metiers_en_tension" && $0.territory == cher }?.result.scalar)
        #expect(cherCount.hasValue)
        let vierzonCount = values.filter { $0.indicator.id == "metiers_en_tension" && $0.territory == vierzon }.compactMap(\.result.scalar)
        #expect(vierzonCount.allSatisfy { !$0.hasValue }, "no borrowed value: \(vierzonCount.map { ValueFormatter.text($0, unit: .count) })")
    }
}

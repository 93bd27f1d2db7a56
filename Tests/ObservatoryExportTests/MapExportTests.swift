import Foundation
import ObservatoryCharts
import ObservatoryCore
@testable import ObservatoryExport
import ObservatoryIndicators
import Testing

/// Maps on the pages, on an invented région of four square bassins (not real boundaries):
/// a locator on every page, choropleths on the région's page whose values keep their status,
/// and the GeoJSON a GIS opens.
@Suite struct MapExportTests {
    static let bassins = (1...4).map { TerritoryID(.bassinBMO, "240\($0)") }
    static let region = ExportFixture.region

    /// 2 × 2 squares of 50 km in Lambert-93-like metres; the custom basin straddles two of them.
    static func square(_ id: TerritoryID, x: Double, y: Double, size: Double = 50_000) -> MapGeometry.Feature {
        MapGeometry.Feature(id: id.description, rings: [[
            MapPoint(x: x, y: y), MapPoint(x: x + size, y: y), MapPoint(x: x + size, y: y + size),
            MapPoint(x: x, y: y + size), MapPoint(x: x, y: y),
        ]])
    }

    static func maps() -> SiteMaps {
        var shapes: [TerritoryID: MapGeometry.Feature] = [:]
        for (index, bassin) in bassins.enumerated() {
            shapes[bassin] = square(bassin, x: 600_000 + Double(index % 2) * 50_000, y: 6_700_000 + Double(index / 2) * 50_000)
        }
        shapes[ExportFixture.departement] = square(ExportFixture.departement, x: 600_000, y: 6_700_000, size: 100_000)
        shapes[ExportFixture.basin] = square(ExportFixture.basin, x: 625_000, y: 6_710_000, size: 40_000)
        shapes[ExportFixture.peer] = square(ExportFixture.peer, x: 640_000, y: 6_760_000, size: 30_000)
        shapes[region] = square(region, x: 600_000, y: 6_700_000, size: 100_000)
        var regionOf: [TerritoryID: TerritoryID] = [:]
        for id in shapes.keys where id != region { regionOf[id] = region }
        return SiteMaps(detailed: shapes, coarse: shapes,
                        members: [region: [.bassinBMO: bassins, .departement: [ExportFixture.departement],
                                           .custom: [ExportFixture.basin, ExportFixture.peer]]],
                        franceRegions: [region], regionOf: regionOf, outside: [bassins[3]: 2],
                        sources: [Provenance(dataset: "ign-contours", vintage: "2018", file: "communes.geojson",
                                             sha256: String(repeating: "ef", count: 32), fetchedAt: nil)],
                        unproject: { ($0.x / 100_000 - 4, $0.y / 150_000) })
    }

    static func data() throws -> (ExportData, DashboardDefinition) {
        var data = try ExportFixture.data()
        let bmo = ExportFixture.bmo
        let partial = Value(lower: 300, upper: 300, maskedCells: 0,
                            extent: Extent(coverage: 0.5, apportioned: 0, key: .salariedJobs, weightedMean: false),
                            reason: nil, sources: [bmo])
        let estimated = Value(lower: 700, upper: 700, maskedCells: 0,
                              extent: Extent(coverage: 1, apportioned: 0.2, key: .salariedJobs, weightedMean: false),
                              reason: nil, sources: [bmo])
        let year = Period.year(2024)
        data.values["projets"]![bassins[0]] = [(year, ExportFixture.exact(1_200, bmo))]
        data.values["projets"]![bassins[1]] = [(year, .scalar(Value(lower: 40, upper: 60, maskedCells: 3, reason: nil, sources: [bmo])))]
        data.values["projets"]![bassins[2]] = [(year, .scalar(estimated))]
        data.values["projets"]![bassins[3]] = [(year, .scalar(partial))]
        data.names.merge(Dictionary(uniqueKeysWithValues: bassins.enumerated().map { ($1, "Bassin n° \($0 + 1)") })) { a, _ in a }
        data.maps = maps()
        var dashboard = try ExportFixture.dashboard(library: data.library)
        dashboard.geographies = [.custom, .region]
        dashboard.maps = [.init(indicator: "projets", geography: .bassinBMO, classes: 4, outlineCustom: true)]
        return (data, dashboard)
    }

    @Test func theRegionPageMapsItsBassinsAndEveryValueKeepsItsStatus() throws {
        let (data, dashboard) = try Self.data()
        let document = DashboardBuilder(data: data).document(dashboard, territory: Self.region)
        let map = try #require(document.maps?.first)
        #expect(map.indicator == "projets")
        #expect(map.values.map(\.territory) == Self.bassins.map(\.description))
        #expect(map.values.map(\.status) == ["ok", "masked", "approximate", "no_value"])
        #expect(map.map.items.map(\.status) == [.ok, .masked, .approximate, .noValue])
        // A masked cell is an interval, never a zero and never a class; a partial value is not the bassin's.
        #expect(map.map.items[1].value == nil && map.map.items[1].lower == 40 && map.map.items[1].upper == 60)
        #expect(map.values[3].reason?.contains("valeur partielle") == true)
        // Breaks from the exact and estimated values and the interval's middle (50); the interval
        // 40–60 lies wholly in the lowest class, so it takes its colour (hatched).
        #expect(map.classBreaks.first == 50 && map.classBreaks.last == 1_200)
        #expect(ClassBreaks.classIndex(of: 40, breaks: map.classBreaks) == 0 && ClassBreaks.classIndex(of: 60, breaks: map.classBreaks) == 0)
        #expect(map.map.outlines.map(\.id) == ["custom@reg:24"])
        #expect(map.geojsonFile == "geo/reg-24-bassin-bmo.geojson")
        // Every geography with shapes has its GeoJSON, listed on the région's page.
        #expect(document.geojson?.map(\.file) == ["geo/reg-24-dep.geojson", "geo/reg-24-bassin-bmo.geojson", "geo/reg-24-custom.geojson"])
        #expect(document.geojson?.map(\.features) == [1, 4, 2])
        #expect(map.notes.contains { $0.contains("Bassin n° 4") && $0.contains("seule partie") })
        #expect(map.sources.contains("ign-contours/2018/communes.geojson"))
        // The région is situated among France's régions; a basin in its région.
        #expect(document.locator?.map.highlight == ["reg:24"])
        let basin = DashboardBuilder(data: data).document(dashboard, territory: ExportFixture.basin)
        #expect(basin.locator?.map.highlight == ["custom:alpha"])
        #expect(basin.locator?.map.items.last?.id == "custom:alpha")
        #expect(basin.maps == nil)
    }

    /// The basin's and the région's pages written to a temporary folder.
    static func writeSite() throws -> URL {
        let (data, dashboard) = try Self.data()
        let root = try ExportFixture.temporaryFolder("maps")
        _ = try SiteExport(builder: DashboardBuilder(data: data))
            .write([.territory(dashboard, ExportFixture.basin), .territory(dashboard, Self.region)], to: SiteWriter(root: root),
                   methods: nil, changes: nil, schemas: [:], removeStale: true)
        return root
    }

    @Test func theSiteHasTheMapsTheirTablesAndAGeoJSONForGIS() throws {
        let root = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let html = try String(contentsOf: root.appendingPathComponent("territoire/reg-24.html"), encoding: .utf8)
        #expect(html.contains("<section id=\"cartes\""))
        #expect(html.contains("<a href=\"#cartes\">Cartes</a>"))
        #expect(html.contains("<figure class=\"locator\">"))
        #expect(html.contains("Données de la carte (4 territoires)"))
        for file in ["svg/territoire/reg-24/situation.svg", "svg/territoire/reg-24/carte-projets-bassin-bmo.svg",
                     "svg/territoire/custom-alpha/situation.svg"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file)")
        }
        let basinPage = try String(contentsOf: root.appendingPathComponent("territoire/custom-alpha.html"), encoding: .utf8)
        #expect(basinPage.contains("<figure class=\"locator\">") && !basinPage.contains("id=\"cartes\""))

        #expect(html.contains("<a href=\"../geo/reg-24-custom.geojson\">bassins GPECT</a> (2)"))
        let custom = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("geo/reg-24-custom.geojson"))) as? [String: Any])
        #expect((custom["features"] as? [[String: Any]])?.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String } == ["custom:alpha", "custom:beta"])
        let geojson = try Data(contentsOf: root.appendingPathComponent("geo/reg-24-bassin-bmo.geojson"))
        let collection = try #require(try JSONSerialization.jsonObject(with: geojson) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        #expect(collection["crs"] == nil, "RFC 7946 has no crs member: WGS84 is implied")
        let features = try #require(collection["features"] as? [[String: Any]])
        #expect(features.count == 4)
        for feature in features {
            #expect(feature["type"] as? String == "Feature")
            let geometry = try #require(feature["geometry"] as? [String: Any])
            #expect(geometry["type"] as? String == "MultiPolygon")
            let polygons = try #require(geometry["coordinates"] as? [[[[Double]]]])
            for ring in polygons.flatMap({ $0.prefix(1) }) {
                // Outer rings counter-clockwise (RFC 7946 §3.1.6), closed, within longitude/latitude.
                #expect(ring.first == ring.last)
                var twice = 0.0
                for (a, b) in zip(ring, ring.dropFirst()) { twice += a[0] * b[1] - b[0] * a[1] }
                #expect(twice > 0)
                #expect(ring.allSatisfy { abs($0[0]) <= 180 && abs($0[1]) <= 90 })
            }
        }
        let properties = features.compactMap { $0["properties"] as? [String: Any] }
        #expect(properties.map { $0["id"] as? String } == Self.bassins.map(\.description))
        #expect(properties[0]["projets"] as? Double == 1_200 && properties[0]["projets_statut"] as? String == "ok")
        #expect(properties[1]["projets"] is NSNull && properties[1]["projets_borne_basse"] as? Double == 40
                && properties[1]["projets_borne_haute"] as? Double == 60 && properties[1]["projets_statut"] as? String == "masked")
        #expect(properties[2]["projets_statut"] as? String == "approximate")
        #expect(properties[3]["projets"] is NSNull && properties[3]["projets_statut"] as? String == "no_value")
        #expect(properties[3]["communes_hors_carte"] as? Int == 2)
        #expect(properties[0]["nom"] as? String == "Bassin n° 1")
    }

    @Test(.enabled(if: ExternalTool.hasJSONSchema && ExternalTool.xmllint.isAvailable,
                   "skipped: python3-jsonschema or xmllint is absent (scripts/install-deps installs them)"))
    func theMapsValidateAgainstTheSchemaAndTheirSVGIsWellFormed() throws {
        let root = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = repositoryRoot.appendingPathComponent("scripts/validate-json").path
        let valid = try ExternalTool.python.run([script, root.path])
        #expect(valid.status == 0 && valid.output.contains("0 error(s)"), "\(valid.output)\(valid.errorOutput)")
        let svgs = ["svg/territoire/reg-24/situation.svg", "svg/territoire/reg-24/carte-projets-bassin-bmo.svg",
                    "svg/territoire/custom-alpha/situation.svg"].map { root.appendingPathComponent($0).path }
        let lint = try ExternalTool.xmllint.run(["--noout"] + svgs)
        #expect(lint.status == 0, "\(lint.errorOutput)")
        // The schema knows the map's statuses: an unknown one is refused.
        let file = root.appendingPathComponent("data/territoire/reg-24.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"status\":\"masked\"", with: "\"status\":\"hidden\"").utf8).write(to: file)
        let invalid = try ExternalTool.python.run([script, root.path])
        #expect(invalid.status == 1 && invalid.output.contains("'hidden' is not one of"), "\(invalid.output)")
    }

    @Test(.enabled(if: ExternalTool.chromium.isAvailable, "skipped: chromium is absent (apt-get install chromium)"))
    func chromiumShowsTheMapsWithoutConsoleErrors() throws {
        let root = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        // The map's class colours and the locator's blue show up: many colours, a good share of ink.
        let shot = try ExternalTool.screenshot(root.appendingPathComponent("territoire/reg-24.html"), anchor: "cartes", in: root)
        #expect(shot.ink > 0.03 && shot.colours > 20, "the screenshot is nearly blank or dull: \(shot.stats)")
    }

    /// GDAL, which QGIS reads GeoJSON with, opens the file as a WGS84 layer of valid multipolygons.
    @Test(.enabled(if: ExternalTool.ogrinfo.isAvailable, "skipped: ogrinfo is absent (apt-get install gdal-bin)"))
    func gdalOpensTheGeoJSONAsQGISWould() throws {
        let root = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("geo/reg-24-bassin-bmo.geojson").path
        let summary = try ExternalTool.ogrinfo.run(["-ro", "-al", "-so", file])
        #expect(summary.status == 0, "\(summary.errorOutput)")
        for line in ["using driver `GeoJSON' successful", "Geometry: Multi Polygon", "Feature Count: 4", "ID[\"EPSG\",4326]",
                     "projets: Integer", "projets_borne_basse: Integer", "projets_statut: String", "nom: String"] {
            #expect(summary.output.contains(line), "ogrinfo does not say \(line): \(summary.output.prefix(1_500))")
        }
        let valid = try ExternalTool.ogrinfo.run(["-ro", "-dialect", "SQLite", "-sql",
                                                  "SELECT count(*) AS n, sum(ST_IsValid(geometry)) AS valid FROM \"reg-24-bassin-bmo\"", file])
        #expect(valid.output.contains("n (Integer) = 4") && valid.output.contains("valid (Integer) = 4"), "\(valid.output)\(valid.errorOutput)")
    }

    @Test func holesGoToTheirOuterRingClockwise() throws {
        let outer = [MapPoint(x: 0, y: 0), MapPoint(x: 0, y: 10), MapPoint(x: 10, y: 10), MapPoint(x: 10, y: 0), MapPoint(x: 0, y: 0)]
        let hole = [MapPoint(x: 2, y: 2), MapPoint(x: 4, y: 2), MapPoint(x: 4, y: 4), MapPoint(x: 2, y: 4), MapPoint(x: 2, y: 2)]
        let island = [MapPoint(x: 20, y: 0), MapPoint(x: 21, y: 0), MapPoint(x: 21, y: 1), MapPoint(x: 20, y: 1), MapPoint(x: 20, y: 0)]
        var maps = Self.maps()
        maps.unproject = { ($0.x, $0.y) }
        let text = GeoJSONExport.geometry(MapGeometry.Feature(id: "x", rings: [hole, outer, island]), maps: maps)
        let geometry = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let polygons = try #require(geometry["coordinates"] as? [[[[Double]]]])
        #expect(polygons.count == 2)
        #expect(polygons.map(\.count).sorted() == [1, 2])
        func signed(_ ring: [[Double]]) -> Double { zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0[0] * $1.1[1] - $1.1[0] * $1.0[1] } }
        let withHole = try #require(polygons.first { $0.count == 2 })
        #expect(signed(withHole[0]) > 0 && signed(withHole[1]) < 0)
    }
}

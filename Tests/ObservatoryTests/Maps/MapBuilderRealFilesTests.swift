import Foundation
@testable import Observatory
import ObservatoryCharts
import ObservatoryCore
import ObservatoryGeo
import ObservatoryStore
import Testing

/// The région's maps from the real files: every territory made of communes gets a valid shape,
/// each geography tiles the région without gaps or overlaps, merged communes are not lost, and
/// the shapes come back from the cache unchanged.
@Suite(.serialized, .enabled(if: IngestPaths.hasSharedData, IngestPaths.absent))
struct MapBuilderRealFilesTests {
    static let region = TerritoryID(.region, "24")

    static func shape(_ feature: MapGeometry.Feature) -> PlaneShape {
        // Rings as drawn: outer rings and holes told apart by orientation after normalisation.
        let rings = feature.rings.map { $0.map { PlanePoint(x: $0.x, y: $0.y) } }
        var polygons: [PlanePolygon] = []
        for ring in rings {
            if PlanePolygon.signedArea(ring) > 0 || polygons.isEmpty { polygons.append(PlanePolygon(rings: [ring])) }
            else { polygons[polygons.count - 1].rings.append(ring) }
        }
        return PlaneShape(polygons: polygons)
    }

    @Test func everyGeographyTilesTheRegionWithValidShapes() async throws {
        let bench = try IngestBench()
        try await bench.placeFromMirror(["ze2020", "bassins-bmo", "insee-appartenance", "ign-contours"])
        let summary = try await bench.ingest(["ze2020", "bassins-bmo", "insee-appartenance", "ign-contours"])
        #expect(summary.items.allSatisfy { $0.result.failure == nil }, "\(summary.items.compactMap { $0.result.failure })")
        let builder = MapBuilder(layout: bench.layout)
        let started = Date()
        let maps = try #require(try builder.build(regions: [Self.region], database: bench.database))
        print("maps of the région built in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        let members = try #require(maps.members[Self.region])
        #expect(members[.departement]?.count == 6)
        #expect(members[.bassinBMO]?.count == 22)
        // 15 zones of the région and 4 that straddle it (Cosne, Dreux, Nevers, Nogent-le-Rotrou): their part in it.
        #expect(members[.zoneEmploi]?.count == 19)
        #expect(Set(maps.outside.keys.filter { $0.geography == .zoneEmploi }.map(\.code)) == ["0056", "0057", "0060", "0061"])
        #expect(members[.custom]?.count == 5)
        #expect((members[.epci]?.count ?? 0) > 70)
        #expect(maps.franceRegions.count == 13)

        // The région's own area, from its communes (merged ones included).
        let communes = try MapBuilder.features(try bench.database.boundaries(geography: .commune))
        #expect(communes.count == 1_776)
        let regionArea = Geo.unionArea(communes.map(\.shape))
        for geography in [Geography.departement, .bassinBMO, .zoneEmploi, .epci] {
            let shapes = try #require(members[geography]).compactMap { maps.detailed[$0] }.map(Self.shape)
            for (id, shape) in zip(members[geography]!, shapes) {
                #expect(Geo.isValid(shape), "\(id): \(Geo.validityProblem(shape) ?? "")")
            }
            let sum = shapes.reduce(0) { $0 + $1.area }
            let union = Geo.unionArea(shapes)
            // No overlap: the areas add up to their union; no gap: the union is the région (EPCIs may
            // straddle the région's border like zones do, so only their overlaps are checked).
            #expect(abs(sum - union) / union < 0.0001, "\(geography): areas \(sum) vs union \(union)")
            if geography != .epci {
                #expect(abs(union - regionArea) / regionArea < 0.001, "\(geography): union \(union) vs région \(regionArea)")
            }
            print("\(geography.rawValue): \(shapes.count) shapes, \(shapes.reduce(0) { $0 + $1.vertexCount }) vertices, "
                  + "area sum/union \(sum / union), union/région \(union / regionArea)")
        }
        // The locator shapes are lighter than the choropleth's.
        let vertices = { (table: [TerritoryID: MapGeometry.Feature]) in
            members[.bassinBMO]!.compactMap { table[$0] }.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } }
        }
        #expect(vertices(maps.coarse) < vertices(maps.detailed))

        // Le Controis-en-Sologne (41059) took over four communes in 2019: Blois's basin keeps their land.
        let blois = try #require(maps.detailed[TerritoryID(.custom, "blois")])
        let controis = try #require(communes.first { $0.properties["code"] == "41059" })
        let formers = communes.filter { ["41082", "41092", "41170", "41257"].contains($0.properties["code"] ?? "") }
        #expect(formers.count == 4)
        let blc = Self.shape(blois)
        for former in formers + [controis] {
            let inside = Geo.intersectionArea(blc, former.shape) / former.shape.area
            #expect(inside > 0.95, "\(former.properties["code"]!): \(inside) of it inside the Blois basin")
        }

        // Built once: the second call reads Cache/maps.
        let cached = try #require(try builder.build(regions: [Self.region], database: bench.database))
        #expect(cached.detailed == maps.detailed && cached.members == maps.members)
        let files = try FileManager.default.contentsOfDirectory(atPath: builder.cacheFolder.path)
        #expect(files.count == 1 && files[0].hasSuffix(".json"))
    }
}

import Crypto
import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryGeo
import ObservatoryIndicators
import ObservatoryStore

/// Builds the territories' shapes from the boundaries in the store: the 2018 communes (merged
/// ones united into the commune nouvelle that took them over), projected to Lambert-93, united
/// by GEOS into each territory made of communes, then simplified per geography without gaps or
/// overlaps between neighbours. Kept in `Cache/maps/` by a digest of everything they depend on.
struct MapBuilder {
    var layout: ProjectLayout

    /// Choropleth detail, in metres: about a pixel of a 640-pixel map of a région.
    static let detailedTolerance = 200.0
    /// Locator detail: a 220-pixel map of a région.
    static let coarseTolerance = 1_000.0
    /// France's régions on a 220-pixel map.
    static let franceTolerance = 3_000.0
    /// Changes when the shapes' construction changes, so that cached maps are rebuilt.
    static let version = "maps-v1"

    var cacheFolder: URL { layout.cache.appendingPathComponent("maps", isDirectory: true) }

    /// The geographies a région's maps draw.
    static let regionGeographies: [Geography] = [.departement, .zoneEmploi, .bassinBMO, .epci, .custom]

    /// The maps of `regions` (the régions of the pages exported); `nil` when no commune boundary
    /// is in the store (the boundaries dataset not ingested): pages are then drawn without maps.
    func build(regions: [TerritoryID], database: ObservatoryDatabase) throws -> SiteMaps? {
        try buildReporting(regions: regions, database: database)?.maps
    }

    /// ``build(regions:database:)``, saying whether the shapes came from `Cache/maps`.
    func buildReporting(regions: [TerritoryID], database: ObservatoryDatabase) throws -> (maps: SiteMaps, cached: Bool)? {
        guard let (files, successions, digest) = try key(regions: regions, database: database) else { return nil }
        let sources = files.map { Provenance(dataset: $0.dataset.rawValue, vintage: $0.vintage, file: $0.file, sha256: $0.sha256,
                                              fetchedAt: $0.fetchedAt) }
        let cacheFile = cacheFolder.appendingPathComponent("\(digest).json")
        if let data = try? Data(contentsOf: cacheFile), let stored = try? JSONDecoder().decode(StoredMaps.self, from: data) {
            return (stored.siteMaps(sources: sources), true)
        }
        let stored = try construct(regions: regions, successions: successions, database: database)
        try? FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        // Older digests are other compositions: removed, so that the folder holds one set of maps.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cacheFolder.path)) ?? [] where name.hasSuffix(".json") {
            try? FileManager.default.removeItem(at: cacheFolder.appendingPathComponent(name))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try? encoder.encode(stored).write(to: cacheFile, options: .atomic)
        return (stored.siteMaps(sources: sources), false)
    }

    /// The boundaries files, the successions and the digest of everything the shapes depend on;
    /// `nil` without boundaries in the store.
    func key(regions: [TerritoryID], database: ObservatoryDatabase) throws
        -> (files: [IngestedFile], successions: CommuneSuccessions, digest: String)? {
        let files = try database.ingestedFiles().filter { $0.kind == IngestSpec.Kind.boundaries.rawValue }
            .sorted { ($0.dataset.rawValue, $0.file) < ($1.dataset.rawValue, $1.file) }
        guard !files.isEmpty else { return nil }
        let successions = try CommuneSuccessions.load(layout.successionsFile, displayRoot: layout.root)
        let structure = try database.ingestedFiles()
            .filter { ["ze2020", "bassins-bmo", "territories", "insee-appartenance"].contains($0.dataset.rawValue) }
            .map { "\($0.dataset)/\($0.file)=\($0.sha256)" }.sorted()
        var hasher = SHA256()
        for part in [Self.version, regions.map(\.description).joined(separator: ","), successions.text,
                     ComputedCache.territoryFilesDigest(layout)] + files.map({ "\($0.dataset)/\($0.file)=\($0.sha256)" }) + structure {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (files, successions, digest)
    }

    /// The boundaries of a geography as a GeoJSON FeatureCollection, read back through the
    /// geometry module (projected to Lambert-93).
    static func features(_ boundaries: [Boundary]) throws -> [GeoFeature] {
        var text = #"{"type":"FeatureCollection","features":["#
        for (index, boundary) in boundaries.enumerated() {
            if index > 0 { text += "," }
            let code = String(decoding: try JSONSerialization.data(withJSONObject: [boundary.id.code], options: []), as: UTF8.self)
            text += #"{"type":"Feature","properties":{"code":\#(code.dropFirst().dropLast())},"geometry":\#(boundary.geometry)}"#
        }
        text += "]}"
        return try GeoJSONReader.read(Data(text.utf8), source: "the store's boundaries")
    }

    func construct(regions: [TerritoryID], successions: CommuneSuccessions, database: ObservatoryDatabase) throws -> StoredMaps {
        let communeBoundaries = try database.boundaries(geography: .commune)
        let layer = try Dissolver.communeLayer(features: try Self.features(communeBoundaries), successions: successions.current)
        let communes = layer.shapes
        var stored = StoredMaps()
        // The communes of a territory, as the store's memberships give them (a few small queries
        // per région rather than every membership of France).
        func communeCodes(of territory: TerritoryID) throws -> Set<String> {
            Set(try database.members(of: territory, geography: .commune).map(\.member.code))
        }

        // France's régions, from their own file (a coverage of France): the base of a région's and France's locators.
        let regionBoundaries = try database.boundaries(geography: .region)
        var regionShapes: [String: PlaneShape] = [:]
        for (boundary, feature) in zip(regionBoundaries, try Self.features(regionBoundaries)) {
            regionShapes[boundary.id.description] = feature.shape
        }
        for (key, shape) in CoverageSimplifier.simplify(regionShapes, tolerance: Self.franceTolerance) {
            stored.coarse[key] = StoredMaps.feature(key, shape)
        }
        stored.franceRegions = regionShapes.keys.sorted()

        for region in regions {
            let regionMembers = try database.members(of: region)
            let regionCommunes = Set(regionMembers.filter { $0.member.geography == .commune }.map(\.member.code))
            guard regionCommunes.contains(where: { communes[$0] != nil }) else { continue }
            var byGeography: [String: [String]] = [:]
            for target in Self.regionGeographies {
                var territories = Set(regionMembers.filter { $0.member.geography == target }.map(\.member))
                if target == .custom {
                    // Custom basins: those whose communes lie mostly in the région.
                    for basin in try database.territories(geography: .custom) {
                        let codes = try communeCodes(of: basin.id)
                        if !codes.isEmpty, codes.filter(regionCommunes.contains).count * 2 > codes.count { territories.insert(basin.id) }
                    }
                }
                var groups: [String: [String]] = [:]
                for territory in territories.sorted() {
                    let codes = try communeCodes(of: territory).sorted()
                    let drawn = codes.filter { communes[$0] != nil }
                    guard !drawn.isEmpty else { continue }
                    groups[territory.description] = drawn
                    if drawn.count < codes.count { stored.outside[territory.description] = codes.count - drawn.count }
                }
                guard !groups.isEmpty else { continue }
                let dissolved = try Dissolver.dissolve(parts: communes, groups: groups).shapes
                // Custom basins overlap the other geographies and each other: simplified each alone.
                let detailed: [String: PlaneShape]
                let coarse: [String: PlaneShape]
                if target == .custom {
                    detailed = dissolved.mapValues { CoverageSimplifier.simplify(["x": $0], tolerance: Self.detailedTolerance)["x"]! }
                    coarse = dissolved.mapValues { CoverageSimplifier.simplify(["x": $0], tolerance: Self.coarseTolerance)["x"]! }
                } else {
                    detailed = CoverageSimplifier.simplify(dissolved, tolerance: Self.detailedTolerance)
                    coarse = CoverageSimplifier.simplify(dissolved, tolerance: Self.coarseTolerance)
                }
                for (key, shape) in detailed { stored.detailed[key] = StoredMaps.feature(key, shape) }
                for (key, shape) in coarse { stored.coarse[key] = StoredMaps.feature(key, shape) }
                byGeography[target.rawValue] = dissolved.keys.sorted()
                for key in dissolved.keys { stored.regionOf[key] = region.description }
            }
            stored.members[region.description] = byGeography
        }
        return stored
    }
}

/// The maps as kept in `Cache/maps/<digest>.json`.
struct StoredMaps: Codable {
    var detailed: [String: MapGeometry.Feature] = [:]
    var coarse: [String: MapGeometry.Feature] = [:]
    var members: [String: [String: [String]]] = [:]
    var franceRegions: [String] = []
    var regionOf: [String: String] = [:]
    var outside: [String: Int] = [:]

    /// Coordinates rounded to the metre: the shapes are simplified to 200 m or more.
    static func feature(_ id: String, _ shape: PlaneShape) -> MapGeometry.Feature {
        func point(_ p: PlanePoint) -> MapPoint { MapPoint(x: p.x.rounded(), y: p.y.rounded()) }
        return MapGeometry.Feature(id: id, rings: shape.polygons.flatMap { $0.rings.map { $0.map(point) } },
                                   labelPoint: shape.labelPoint.map(point))
    }

    func siteMaps(sources: [Provenance]) -> SiteMaps {
        func ids(_ list: [String]) -> [TerritoryID] { list.compactMap(TerritoryID.init(parsing:)) }
        func keyed<V>(_ dictionary: [String: V]) -> [TerritoryID: V] {
            Dictionary(dictionary.compactMap { key, value in TerritoryID(parsing: key).map { ($0, value) } }, uniquingKeysWith: { a, _ in a })
        }
        var memberIDs: [TerritoryID: [Geography: [TerritoryID]]] = [:]
        for (region, byGeography) in members {
            guard let region = TerritoryID(parsing: region) else { continue }
            for (geography, list) in byGeography {
                guard let geography = Geography(rawValue: geography) else { continue }
                memberIDs[region, default: [:]][geography] = ids(list)
            }
        }
        return SiteMaps(detailed: keyed(detailed), coarse: keyed(coarse), members: memberIDs, franceRegions: ids(franceRegions),
                        regionOf: keyed(regionOf).compactMapValues(TerritoryID.init(parsing:)), outside: keyed(outside),
                        sources: sources, unproject: { point in
                            let (longitude, latitude) = Lambert93.unproject(PlanePoint(x: point.x, y: point.y))
                            return (longitude, latitude)
                        })
    }
}

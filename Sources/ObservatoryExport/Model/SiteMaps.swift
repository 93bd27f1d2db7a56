import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

/// The territories' shapes the maps are drawn from, projected to Lambert-93 and simplified
/// without gaps or overlaps between neighbours: detailed for choropleths, coarse for locator maps.
/// Built by the export use case from the boundaries in the store; a feature's id is its
/// territory id (`bassin-bmo:2401`).
public struct SiteMaps: Sendable {
    /// Shapes for choropleths (simplified to about 200 m).
    public var detailed: [TerritoryID: MapGeometry.Feature]
    /// Shapes for locator maps (about 1 km), and France's régions.
    public var coarse: [TerritoryID: MapGeometry.Feature]
    /// For each région drawn, its territories of each geography whose shape is known.
    public var members: [TerritoryID: [Geography: [TerritoryID]]]
    /// France's régions, for the maps of a région's or France's page.
    public var franceRegions: [TerritoryID]
    /// The région whose map situates each territory.
    public var regionOf: [TerritoryID: TerritoryID]
    /// Territories drawn only in part (a zone d'emploi across two régions): how many of their
    /// communes lie outside the boundaries files.
    public var outside: [TerritoryID: Int]
    /// The boundaries files the shapes come from.
    public var sources: [Provenance]
    /// Plane coordinates back to longitude and latitude (WGS84), for the GeoJSON files.
    public var unproject: @Sendable (MapPoint) -> (longitude: Double, latitude: Double)

    public init(detailed: [TerritoryID: MapGeometry.Feature], coarse: [TerritoryID: MapGeometry.Feature],
                members: [TerritoryID: [Geography: [TerritoryID]]], franceRegions: [TerritoryID],
                regionOf: [TerritoryID: TerritoryID], outside: [TerritoryID: Int], sources: [Provenance],
                unproject: @escaping @Sendable (MapPoint) -> (longitude: Double, latitude: Double)) {
        self.unproject = unproject
        self.detailed = detailed
        self.coarse = coarse
        self.members = members
        self.franceRegions = franceRegions
        self.regionOf = regionOf
        self.outside = outside
        self.sources = sources
    }

    /// The id of the outline layer of a région's custom basins, in a ``MapSpec``.
    public static func customOutlineLayer(_ region: TerritoryID) -> String { "custom@\(region)" }

    /// The geometry a map spec draws: its items' shapes, in the spec's order.
    public func geometry(for spec: MapSpec) -> MapGeometry {
        let shapes = spec.kind == .locator ? coarse : detailed
        return MapGeometry(features: spec.items.compactMap { item in
            TerritoryID(parsing: item.id).flatMap { shapes[$0] }
        })
    }

    /// The outline layers a map spec names: a région's custom basins.
    public func outlines(for spec: MapSpec) -> [String: MapGeometry] {
        var result: [String: MapGeometry] = [:]
        for layer in spec.outlines {
            guard layer.id.hasPrefix("custom@"), let region = TerritoryID(parsing: String(layer.id.dropFirst("custom@".count))) else {
                continue
            }
            let ids = members[region]?[.custom] ?? []
            result[layer.id] = MapGeometry(features: ids.compactMap { detailed[$0] })
        }
        return result
    }

    /// The SVG of a map spec.
    public func render(_ spec: MapSpec) -> String {
        spec.render(geometry: geometry(for: spec), outlines: outlines(for: spec))
    }
}

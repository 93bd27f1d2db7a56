import ObservatoryCharts

/// A small invented map (see Golden/README.md): six territories in a plane shaped like
/// Lambert-93 metres (large offsets, y up) — squares, an L-shape, a territory with a hole and the
/// enclave filling it, and a two-island territory. Not real geography, not real statistics.
enum GoldenMaps {
    static let origin = (x: 600_000.0, y: 6_700_000.0)

    /// A closed ring from corner points given in kilometres from the origin.
    static func ring(_ corners: [(Double, Double)]) -> [MapPoint] {
        let points = corners.map { MapPoint(x: origin.x + $0.0 * 1000, y: origin.y + $0.1 * 1000) }
        return points + [points[0]]
    }

    static func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [MapPoint] {
        ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    }

    static let geometry = MapGeometry(features: [
        .init(id: "A", rings: [box(0, 0, 100, 100)]),
        .init(id: "B", rings: [box(100, 0, 250, 100)]),
        .init(id: "C", rings: [ring([(250, 0), (400, 0), (400, 200), (325, 200), (325, 100), (250, 100)])],
              labelPoint: MapPoint(x: origin.x + 362_000, y: origin.y + 60_000)),
        .init(id: "D", rings: [box(0, 100, 150, 250), box(40, 140, 110, 210)]),
        .init(id: "E", rings: [box(40, 140, 110, 210)]),
        .init(id: "F", rings: [ring([(150, 100), (325, 100), (325, 200), (250, 250), (150, 250)])]),
        .init(id: "G", rings: [box(340, 220, 400, 260), box(300, 265, 345, 300)]),
    ])

    /// Custom zones drawn as outlines: A and B together.
    static let zones = MapGeometry(features: [.init(id: "Zone 1", rings: [box(0, 0, 250, 100)])])

    static let items: [MapSpec.Item] = [
        .init(id: "A", name: "Bassin A", value: 4.2),
        .init(id: "B", name: "Bassin B", value: 6.8),
        .init(id: "C", name: "Bassin C", value: 9.1, status: .approximate),
        .init(id: "D", name: "Bassin D", value: 12.5),
        .init(id: "E", name: "Enclave E", value: nil, status: .masked, lower: 2, upper: 14),
        .init(id: "F", name: "Bassin F", value: 7.4),
        .init(id: "G", name: "Îles G", value: nil, status: .noValue),
    ]

    static let choropleth = MapSpec(
        kind: .choropleth, title: "Taux de chômage par bassin", subtitle: "Bassins inventés, quantiles",
        unitLabel: "en % de la population active", format: .percent, decimals: 1,
        source: "données inventées pour les tests", vintage: "T3 2024",
        classification: .init(method: .quantile, classCount: 4), items: items,
        outlines: [.init(id: "zones", label: "zone d'étude")])

    static let locator = MapSpec(kind: .locator, title: "Situation du bassin C", items: items, highlight: ["C"])

    /// The golden files, by name: the SVG of each map.
    static let all: [String: String] = [
        "map-choropleth": choropleth.render(geometry: geometry, outlines: ["zones": zones]),
        "map-locator": locator.render(geometry: geometry),
    ]

    static var names: [String] { all.keys.sorted() }
}

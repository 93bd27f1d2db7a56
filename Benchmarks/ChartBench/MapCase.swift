// The map case of the chart benchmark (issue 15): a 22-territory choropleth of invented shapes,
// about the size of a region's employment basins once simplified (~160 points each, Lambert-93-
// like metres), rendered again and again. Not real geography.
import Foundation
import ObservatoryCharts

enum MapCase {
    /// A lattice of 6 × 5 jittered corners; each cell edge is a deterministic wiggly line of
    /// `steps` points, shared exactly by the two cells it separates.
    static func geometry(steps: Int = 40) -> MapGeometry {
        let columns = 6, rows = 5
        func corner(_ i: Int, _ j: Int) -> MapPoint {
            let jitter = (i == 0 || i == columns || j == 0 || j == rows) ? 0.0 : 9_000.0
            return MapPoint(x: 400_000 + Double(i) * 50_000 + jitter * sin(Double(3 * i + 7 * j)),
                            y: 6_600_000 + Double(j) * 45_000 + jitter * cos(Double(5 * i + 2 * j)))
        }
        func edge(_ a: MapPoint, _ b: MapPoint, seed: Int) -> [MapPoint] {
            (0..<steps).map { k in
                let t = Double(k) / Double(steps)
                let wiggle = 2_500 * sin(Double(seed) + t * 9) * sin(t * .pi)
                let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
                return MapPoint(x: a.x + dx * t - dy / length * wiggle, y: a.y + dy * t + dx / length * wiggle)
            }
        }
        /// The edge from corner p to corner q, always generated in the same direction.
        func side(_ p: (Int, Int), _ q: (Int, Int)) -> [MapPoint] {
            let forward = p < q
            let (from, to) = forward ? (p, q) : (q, p)
            let points = edge(corner(from.0, from.1), corner(to.0, to.1), seed: 31 * from.0 + 17 * from.1 + 5 * to.0 + to.1)
            return forward ? points : Array((points + [corner(to.0, to.1)]).reversed().dropLast())
        }
        var features: [MapGeometry.Feature] = []
        for j in 0..<rows {
            for i in 0..<columns where features.count < 22 && !(j == rows - 1 && i == 0) && !(j == 0 && i == columns - 1) {
                let ring = side((i, j), (i + 1, j)) + side((i + 1, j), (i + 1, j + 1))
                    + side((i + 1, j + 1), (i, j + 1)) + side((i, j + 1), (i, j))
                features.append(.init(id: String(format: "%02d", features.count + 1), rings: [ring + [ring[0]]]))
            }
        }
        return MapGeometry(features: features)
    }

    static let names = ["Amboise", "Blois", "Bourges", "Chartres", "Châteaudun", "Châteauroux", "Chinon", "Dreux",
                        "Gien", "Issoudun", "Loches", "Montargis", "Orléans", "Pithiviers", "Romorantin", "Saint-Amand",
                        "Tours", "Vendôme", "Vierzon", "Le Blanc", "Nogent", "Aubigny"]

    static func spec(_ geometry: MapGeometry) -> MapSpec {
        let items = geometry.features.enumerated().map { index, feature -> MapSpec.Item in
            let value = 5.5 + Double((index * 37) % 23) * 0.21
            switch index {
            case 4: return .init(id: feature.id, name: names[index], value: nil, status: .masked, lower: 5, upper: 8)
            case 9: return .init(id: feature.id, name: names[index], value: value, status: .approximate)
            case 15: return .init(id: feature.id, name: names[index], value: nil, status: .noValue)
            default: return .init(id: feature.id, name: names[index], value: value)
            }
        }
        return MapSpec(kind: .choropleth, title: "Taux de chômage par bassin d'emploi (bassins inventés)",
                       subtitle: "T3 2024, seuils naturels de Jenks", unitLabel: "en % de la population active",
                       format: .percent, decimals: 1, source: "données inventées pour le banc d'essai",
                       classification: .init(method: .jenks, classCount: 5), items: items)
    }
}

import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

/// The GeoJSON of a région's territories of one geography (RFC 7946: a FeatureCollection,
/// longitude/latitude WGS84, outer rings counter-clockwise), each feature with its territory's
/// id, code and name and, for every indicator given, its latest value, status, bounds and period
/// as flat properties, so that a GIS (QGIS) opens it as is and can colour or join on them.
public enum GeoJSONExport {
    /// - Parameters:
    ///   - territories: the features, in this order (those without a shape are left out).
    ///   - indicators: scalar indicators whose values become properties.
    public static func render(territories: [TerritoryID], indicators: [CheckedIndicator], data: ExportData,
                              maps: SiteMaps) -> Data {
        var out = "{\"type\":\"FeatureCollection\",\n"
        // A foreign member (RFC 7946 §6.1): what the properties mean.
        out += "\"indicators\":["
        out += indicators.map { indicator in
            "{\"id\":\(json(indicator.id)),\"title\":\(json(indicator.definition.title)),\"unit\":\(json(indicator.definition.unit.rawValue)),"
                + "\"source\":\(json(indicator.definition.source))}"
        }.joined(separator: ",")
        out += "],\n\"features\":[\n"
        var first = true
        for territory in territories {
            guard let feature = maps.detailed[territory] else { continue }
            if !first { out += ",\n" }
            first = false
            var properties: [(String, String)] = [
                ("id", json(territory.description)), ("code", json(territory.code)), ("nom", json(data.name(territory))),
                ("geographie", json(territory.geography.rawValue)),
            ]
            if let outside = maps.outside[territory], outside > 0 {
                properties.append(("communes_hors_carte", String(outside)))
            }
            for indicator in indicators {
                let id = indicator.id
                guard let latest = data.latest(id, territory), let value = latest.result.scalar else {
                    properties += [(id, "null"), ("\(id)_statut", json("no_value")), ("\(id)_periode", "null")]
                    continue
                }
                let shown = DashboardBuilder.wholeOnly(value)
                properties += [
                    (id, number(shown.status == .masked ? nil : shown.number)),
                    ("\(id)_statut", json(shown.status.rawValue)),
                    ("\(id)_borne_basse", number(shown.lower)),
                    ("\(id)_borne_haute", number(shown.upper)),
                    ("\(id)_periode", json(latest.period.description)),
                    ("\(id)_texte", json(DashboardBuilder.text(shown, unit: indicator.definition.unit))),
                ]
            }
            out += "{\"type\":\"Feature\",\"id\":\(json(territory.description)),\"properties\":{"
            out += properties.map { "\(json($0.0)):\($0.1)" }.joined(separator: ",")
            out += "},\"geometry\":" + geometry(feature, maps: maps) + "}"
        }
        out += "\n]}\n"
        return Data(out.utf8)
    }

    /// A MultiPolygon: rings grouped into polygons (each hole with the outer ring containing
    /// it), outer rings counter-clockwise and holes clockwise, 6 decimals (about 10 cm).
    static func geometry(_ feature: MapGeometry.Feature, maps: SiteMaps) -> String {
        // Outer rings are those not inside another ring of the feature; holes go to their container.
        let rings = feature.rings.filter { $0.count >= 4 }
        var depth = [Int](repeating: 0, count: rings.count)
        for (i, ring) in rings.enumerated() {
            guard let probe = ring.first else { continue }
            for (j, other) in rings.enumerated() where i != j && contains(other, probe) && abs(area(other)) > abs(area(ring)) {
                depth[i] += 1
            }
        }
        var polygons: [[[MapPoint]]] = []
        var outerIndex: [Int: Int] = [:]
        for (i, ring) in rings.enumerated() where depth[i] % 2 == 0 {
            outerIndex[i] = polygons.count
            polygons.append([area(ring) >= 0 ? ring : ring.reversed()])
        }
        for (i, ring) in rings.enumerated() where depth[i] % 2 == 1 {
            // The smallest outer ring containing the hole.
            let container = outerIndex.keys.filter { contains(rings[$0], ring[0]) }.min { abs(area(rings[$0])) < abs(area(rings[$1])) }
            guard let container, let polygon = outerIndex[container] else { continue }
            polygons[polygon].append(area(ring) <= 0 ? ring : ring.reversed())
        }
        let text = polygons.map { polygon in
            "[" + polygon.map { ring in
                "[" + ring.map { point in
                    let (longitude, latitude) = maps.unproject(point)
                    return "[" + coordinate(longitude) + "," + coordinate(latitude) + "]"
                }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "]"
        }.joined(separator: ",")
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[\(text)]}"
    }

    static func area(_ ring: [MapPoint]) -> Double {
        guard let origin = ring.first else { return 0 }
        var sum = 0.0
        for (a, b) in zip(ring, ring.dropFirst()) {
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return sum / 2
    }

    /// Even-odd ray test.
    static func contains(_ ring: [MapPoint], _ point: MapPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.y > point.y) != (b.y > point.y), point.x < (b.x - a.x) * (point.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }

    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return String(format: "%.6f", rounded)
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.10g", value)
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

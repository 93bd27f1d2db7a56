import Foundation
import ObservatoryCore

/// One feature of a boundaries file: the territory's code and name from its properties, and its
/// geometry re-written as compact GeoJSON.
public struct BoundaryFeature: Sendable, Hashable {
    public var code: String
    public var name: String
    public var geometry: String
}

public enum BoundaryReaderError: Error, CustomStringConvertible, Equatable {
    case tooLarge(source: String, bytes: Int, limit: Int)
    case notFeatureCollection(source: String, reason: String)
    case badFeature(source: String, index: Int, reason: String)
    case duplicateCode(source: String, code: String, first: Int, second: Int)

    public var description: String {
        switch self {
        case .tooLarge(let source, let bytes, let limit):
            "\(source): \(bytes) bytes is over the \(limit)-byte limit for a boundaries file"
        case .notFeatureCollection(let source, let reason):
            "\(source): not a GeoJSON FeatureCollection (\(reason))"
        case .badFeature(let source, let index, let reason):
            "\(source): feature \(index): \(reason)"
        case .duplicateCode(let source, let code, let first, let second):
            "\(source): code \(code) is given by features \(first) and \(second)"
        }
    }
}

/// Reads a GeoJSON FeatureCollection of territory boundaries (RFC 7946): `Polygon` and
/// `MultiPolygon` geometries in longitude/latitude, each feature's code and name from its
/// properties. Every feature is checked (closed rings of at least four positions, finite
/// coordinates within ±180° / ±90°): a file with one bad feature is refused whole, naming it.
public enum BoundaryReader {
    /// Larger than any national commune file at full resolution (about 500 MB): a boundaries file
    /// over this is refused before it is parsed.
    public static let maximumBytes = 768 << 20
    public static let maximumPositionsPerRing = 2_000_000

    public static func read(_ url: URL, displayName: String, codeProperty: String = "code",
                            nameProperty: String = "nom") throws -> [BoundaryFeature] {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maximumBytes else { throw BoundaryReaderError.tooLarge(source: displayName, bytes: size, limit: maximumBytes) }
        return try read(try Data(contentsOf: url), displayName: displayName, codeProperty: codeProperty,
                        nameProperty: nameProperty)
    }

    public static func read(_ data: Data, displayName: String, codeProperty: String = "code",
                            nameProperty: String = "nom") throws -> [BoundaryFeature] {
        guard data.count <= maximumBytes else {
            throw BoundaryReaderError.tooLarge(source: displayName, bytes: data.count, limit: maximumBytes)
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BoundaryReaderError.notFeatureCollection(source: displayName, reason: "not JSON: \(error.localizedDescription)")
        }
        guard let collection = root as? [String: Any], collection["type"] as? String == "FeatureCollection" else {
            throw BoundaryReaderError.notFeatureCollection(source: displayName, reason: "no \"type\": \"FeatureCollection\"")
        }
        guard let features = collection["features"] as? [Any] else {
            throw BoundaryReaderError.notFeatureCollection(source: displayName, reason: "no \"features\" array")
        }
        var result: [BoundaryFeature] = []
        var seen: [String: Int] = [:]
        for (index, item) in features.enumerated() {
            func bad(_ reason: String) -> BoundaryReaderError {
                .badFeature(source: displayName, index: index, reason: reason)
            }
            guard let feature = item as? [String: Any], feature["type"] as? String == "Feature" else {
                throw bad("not a Feature object")
            }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let code = Self.text(properties[codeProperty]), !code.isEmpty else {
                throw bad("no \"\(codeProperty)\" property")
            }
            let name = Self.text(properties[nameProperty]) ?? code
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
                throw bad("\(code): no geometry")
            }
            guard let coordinates = geometry["coordinates"] as? [Any] else { throw bad("\(code): no coordinates") }
            switch type {
            case "Polygon":
                try checkPolygon(coordinates, code: code, bad: bad)
            case "MultiPolygon":
                guard !coordinates.isEmpty else { throw bad("\(code): empty MultiPolygon") }
                for polygon in coordinates {
                    guard let polygon = polygon as? [Any] else { throw bad("\(code): a MultiPolygon member is not an array") }
                    try checkPolygon(polygon, code: code, bad: bad)
                }
            default:
                throw bad("\(code): a \(type) geometry, where a territory needs a Polygon or a MultiPolygon")
            }
            if let first = seen[code] {
                throw BoundaryReaderError.duplicateCode(source: displayName, code: code, first: first, second: index)
            }
            seen[code] = index
            let text = try JSONSerialization.data(withJSONObject: ["type": type, "coordinates": coordinates],
                                                  options: [.sortedKeys, .withoutEscapingSlashes])
            result.append(BoundaryFeature(code: code, name: TextCap.cut(name, TextCap.label), geometry: String(decoding: text, as: UTF8.self)))
        }
        return result
    }

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: string.trimmingCharacters(in: .whitespaces)
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    private static func checkPolygon(_ rings: [Any], code: String, bad: (String) -> BoundaryReaderError) throws {
        guard !rings.isEmpty else { throw bad("\(code): a polygon without rings") }
        for (ringIndex, ring) in rings.enumerated() {
            guard let positions = ring as? [Any] else { throw bad("\(code): ring \(ringIndex) is not an array") }
            guard positions.count >= 4 else { throw bad("\(code): ring \(ringIndex) has \(positions.count) positions (a ring needs 4)") }
            guard positions.count <= maximumPositionsPerRing else {
                throw bad("\(code): ring \(ringIndex) has over \(maximumPositionsPerRing) positions")
            }
            var first: (Double, Double)?
            var last: (Double, Double) = (0, 0)
            for position in positions {
                guard let pair = position as? [Any], pair.count >= 2,
                      let longitude = (pair[0] as? NSNumber)?.doubleValue, let latitude = (pair[1] as? NSNumber)?.doubleValue,
                      longitude.isFinite, latitude.isFinite, abs(longitude) <= 180, abs(latitude) <= 90 else {
                    throw bad("\(code): ring \(ringIndex) has a position that is not a longitude/latitude pair within ±180° / ±90°")
                }
                if first == nil { first = (longitude, latitude) }
                last = (longitude, latitude)
            }
            guard let first, first == last else { throw bad("\(code): ring \(ringIndex) is not closed") }
        }
    }
}

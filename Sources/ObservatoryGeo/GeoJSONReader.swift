import Foundation

/// A feature of a GeoJSON file: its scalar properties as text and its outline in Lambert-93.
public struct GeoFeature: Sendable, Hashable {
    public var properties: [String: String]
    public var shape: PlaneShape

    public init(properties: [String: String], shape: PlaneShape) {
        self.properties = properties
        self.shape = shape
    }
}

/// Reads a GeoJSON FeatureCollection of WGS84 (lon, lat) Polygons and MultiPolygons, projected to
/// Lambert-93 as it is read. Anything else (another geometry type, a ring not closed or under 4
/// positions, a coordinate that is not a finite number in range, a file or ring over the limits)
/// is refused with the feature's index and what is wrong.
public enum GeoJSONReader {
    /// Bounds against hostile or broken input.
    public struct Limits: Sendable, Hashable {
        public var maxBytes: Int
        public var maxPositionsPerRing: Int
        public var maxPositions: Int

        public init(maxBytes: Int = 256 << 20, maxPositionsPerRing: Int = 1_000_000, maxPositions: Int = 20_000_000) {
            self.maxBytes = maxBytes
            self.maxPositionsPerRing = maxPositionsPerRing
            self.maxPositions = maxPositions
        }
    }

    public static func read(_ data: Data, source: String, limits: Limits = Limits()) throws -> [GeoFeature] {
        func fail(_ message: String) -> GeoError { .invalidGeoJSON(source: source, message: message) }
        guard data.count <= limits.maxBytes else {
            throw fail("\(data.count) bytes, over the limit of \(limits.maxBytes)")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw fail("not JSON (\(error.localizedDescription))")
        }
        guard let collection = root as? [String: Any], collection["type"] as? String == "FeatureCollection",
              let features = collection["features"] as? [Any] else {
            throw fail("not a GeoJSON FeatureCollection with a 'features' array")
        }
        var budget = limits.maxPositions
        return try features.enumerated().map { index, value in
            do {
                return try feature(value, limits: limits, budget: &budget)
            } catch let FeatureProblem.message(text) {
                throw fail("feature \(index): \(text)")
            }
        }
    }

    private enum FeatureProblem: Error {
        case message(String)
    }

    private static func feature(_ value: Any, limits: Limits, budget: inout Int) throws -> GeoFeature {
        guard let object = value as? [String: Any], object["type"] as? String == "Feature" else {
            throw FeatureProblem.message("not a Feature object")
        }
        var properties: [String: String] = [:]
        for (key, value) in object["properties"] as? [String: Any] ?? [:] {
            switch value {
            case let text as String: properties[key] = text
            case let number as NSNumber: properties[key] = number.stringValue
            default: continue // null, arrays and objects are not kept
            }
        }
        guard let geometry = object["geometry"] as? [String: Any] else {
            throw FeatureProblem.message("no geometry (null or missing)")
        }
        let type = geometry["type"] as? String ?? "(none)"
        guard let coordinates = geometry["coordinates"] as? [Any] else {
            throw FeatureProblem.message("\(type) geometry without a 'coordinates' array")
        }
        let polygons: [Any]
        switch type {
        case "Polygon": polygons = [coordinates]
        case "MultiPolygon": polygons = coordinates
        default: throw FeatureProblem.message("geometry type '\(type)' is not read (only Polygon and MultiPolygon)")
        }
        var shape = PlaneShape(polygons: [])
        for (polygonIndex, polygon) in polygons.enumerated() {
            guard let rings = polygon as? [Any], !rings.isEmpty else {
                throw FeatureProblem.message("polygon \(polygonIndex) is not a non-empty array of rings")
            }
            var planeRings: [[PlanePoint]] = []
            for (ringIndex, ring) in rings.enumerated() {
                let place = "polygon \(polygonIndex) ring \(ringIndex)"
                planeRings.append(try self.ring(ring, place: place, limits: limits, budget: &budget))
            }
            shape.polygons.append(PlanePolygon(rings: planeRings).normalized())
        }
        return GeoFeature(properties: properties, shape: shape)
    }

    /// A JSON number (true and false are NSNumbers too, of type "c": refused).
    private static func number(_ value: Any) -> Double? {
        guard let number = value as? NSNumber, number.objCType.pointee != CChar(UInt8(ascii: "c")) else { return nil }
        return number.doubleValue
    }

    private static func ring(_ value: Any, place: String, limits: Limits, budget: inout Int) throws -> [PlanePoint] {
        guard let positions = value as? [Any] else { throw FeatureProblem.message("\(place) is not an array of positions") }
        guard positions.count <= limits.maxPositionsPerRing else {
            throw FeatureProblem.message("\(place) has \(positions.count) positions, over the limit of \(limits.maxPositionsPerRing)")
        }
        budget -= positions.count
        guard budget >= 0 else {
            throw FeatureProblem.message("the file has over \(limits.maxPositions) positions (the limit)")
        }
        guard positions.count >= 4 else {
            throw FeatureProblem.message("\(place) has \(positions.count) positions; a ring needs at least 4")
        }
        var points: [PlanePoint] = []
        points.reserveCapacity(positions.count)
        var first: (Double, Double)?
        var last: (Double, Double) = (0, 0)
        for (index, position) in positions.enumerated() {
            guard let pair = position as? [Any], pair.count >= 2,
                  let longitude = number(pair[0]), let latitude = number(pair[1]) else {
                throw FeatureProblem.message("\(place) position \(index) is not [longitude, latitude] numbers")
            }
            guard longitude.isFinite, latitude.isFinite, (-180...180).contains(longitude), latitude > -89, latitude < 89 else {
                throw FeatureProblem.message("\(place) position \(index) [\(longitude), \(latitude)] is out of range "
                                             + "(longitude -180…180, latitude -89…89 for Lambert-93)")
            }
            if first == nil { first = (longitude, latitude) }
            last = (longitude, latitude)
            points.append(Lambert93.project(longitude: longitude, latitude: latitude))
        }
        guard let first, first == last else {
            throw FeatureProblem.message("\(place) is not closed (its last position differs from its first)")
        }
        return points
    }
}

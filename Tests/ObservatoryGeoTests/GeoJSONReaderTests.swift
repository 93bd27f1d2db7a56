import Foundation
import ObservatoryGeo
import Testing

struct GeoJSONReaderTests {
    static func collection(_ features: String...) -> Data {
        Data(#"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#.utf8)
    }

    static let square = #"{"type":"Feature","properties":{"code":"41018","nom":"Blois","pop":45871,"x":null},"#
        + #""geometry":{"type":"Polygon","coordinates":[[[1.3,47.6],[1.3,47.5],[1.4,47.5],[1.4,47.6],[1.3,47.6]]]}}"#

    static func feature(_ geometry: String) -> String {
        #"{"type":"Feature","properties":{},"geometry":\#(geometry)}"#
    }

    static func error(_ data: Data, limits: GeoJSONReader.Limits = .init()) -> String? {
        do {
            _ = try GeoJSONReader.read(data, source: "test.geojson", limits: limits)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func readsAPolygonProjectedAndNormalised() throws {
        let features = try GeoJSONReader.read(Self.collection(Self.square), source: "test.geojson")
        try #require(features.count == 1)
        #expect(features[0].properties == ["code": "41018", "nom": "Blois", "pop": "45871"])
        let ring = try #require(features[0].shape.polygons.first?.rings.first)
        #expect(ring.count == 5)
        #expect(ring.first == ring.last)
        #expect(PlanePolygon.signedArea(ring) > 0, "outer ring counter-clockwise after reading (it was clockwise)")
        #expect(ring[0] == Lambert93.project(longitude: 1.3, latitude: 47.5), "starts at the smallest vertex")
        // 0.1° × 0.1° at 47.5° N: about 7.53 km × 11.12 km.
        #expect(abs(features[0].shape.area / 1e6 - 83.8) < 1.0, "\(features[0].shape.area / 1e6) km²")
    }

    @Test func readsAMultiPolygonWithAHole() throws {
        let geometry = #"{"type":"MultiPolygon","coordinates":[[[[0,45],[1,45],[1,46],[0,46],[0,45]],"#
            + #"[[0.2,45.2],[0.4,45.2],[0.4,45.4],[0.2,45.4],[0.2,45.2]]],[[[2,45],[3,45],[3,46],[2,45]]]]}"#
        let features = try GeoJSONReader.read(Self.collection(Self.feature(geometry)), source: "test.geojson")
        let shape = try #require(features.first?.shape)
        #expect(shape.polygons.count == 2)
        #expect(shape.polygons[0].rings.count == 2)
        #expect(PlanePolygon.signedArea(shape.polygons[0].rings[1]) < 0, "hole clockwise")
        #expect(Geo.isValid(shape))
    }

    @Test func refusesOtherGeometryTypes() {
        let point = Self.feature(#"{"type":"Point","coordinates":[1,47]}"#)
        #expect(Self.error(Self.collection(Self.square, point)) ==
            "test.geojson: feature 1: geometry type 'Point' is not read (only Polygon and MultiPolygon); no feature of the file was kept")
    }

    @Test func refusesNullGeometryUnclosedRingsAndShortRings() {
        #expect(Self.error(Self.collection(Self.feature("null")))
            == "test.geojson: feature 0: no geometry (null or missing); no feature of the file was kept")
        let open = Self.feature(#"{"type":"Polygon","coordinates":[[[0,45],[1,45],[1,46],[0,46]]]}"#)
        #expect(Self.error(Self.collection(open))?.contains("feature 0: polygon 0 ring 0 is not closed") == true)
        let short = Self.feature(#"{"type":"Polygon","coordinates":[[[0,45],[1,45],[0,45]]]}"#)
        #expect(Self.error(Self.collection(short))?.contains("ring 0 has 3 positions; a ring needs at least 4") == true)
    }

    @Test func refusesCoordinatesOutOfRangeOrNotNumbers() {
        let north = Self.feature(#"{"type":"Polygon","coordinates":[[[0,45],[1,45],[1,95],[0,45]]]}"#)
        #expect(Self.error(Self.collection(north))?.contains("feature 0: polygon 0 ring 0 position 2 [1.0, 95.0] is out of range") == true)
        let huge = Self.feature(#"{"type":"Polygon","coordinates":[[[0,45],[1,45],[1e400,46],[0,45]]]}"#)
        #expect(Self.error(Self.collection(huge)) != nil, "1e400 is not a finite number")
        let text = Self.feature(#"{"type":"Polygon","coordinates":[[[0,45],["1",45],[1,46],[0,45]]]}"#)
        #expect(Self.error(Self.collection(text))?.contains("position 1 is not [longitude, latitude] numbers") == true)
        let boolean = Self.feature(#"{"type":"Polygon","coordinates":[[[0,45],[true,45],[1,46],[0,45]]]}"#)
        #expect(Self.error(Self.collection(boolean))?.contains("position 1 is not [longitude, latitude] numbers") == true)
    }

    @Test func enforcesTheLimits() {
        let data = Self.collection(Self.square, Self.square)
        #expect(Self.error(data, limits: .init(maxBytes: 100)) ==
            "test.geojson: \(data.count) bytes, over the limit of 100; no feature of the file was kept")
        #expect(Self.error(data, limits: .init(maxPositionsPerRing: 4))?
            .contains("feature 0: polygon 0 ring 0 has 5 positions, over the limit of 4") == true)
        #expect(Self.error(data, limits: .init(maxPositions: 8))?
            .contains("feature 1: the file has over 8 positions (the limit)") == true)
        #expect(Self.error(data, limits: .init(maxPositions: 10)) == nil)
    }

    @Test func refusesWhatIsNotAFeatureCollection() {
        #expect(Self.error(Data("[1,2".utf8))?.hasPrefix("test.geojson: not JSON") == true)
        #expect(Self.error(Data(#"{"type":"Feature"}"#.utf8))
            == "test.geojson: not a GeoJSON FeatureCollection with a 'features' array; no feature of the file was kept")
    }
}

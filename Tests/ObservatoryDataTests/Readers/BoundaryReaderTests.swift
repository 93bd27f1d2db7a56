import Foundation
import Testing
@testable import ObservatoryData

/// Boundaries files: every feature is checked, a bad one refuses the file and names the feature.
@Suite struct BoundaryReaderTests {
    static func collection(_ features: String) -> Data {
        Data(#"{"type":"FeatureCollection","features":[\#(features)]}"#.utf8)
    }
    static let square = #"[[[1.0,47.0],[1.1,47.0],[1.1,47.1],[1.0,47.1],[1.0,47.0]]]"#

    @Test func polygonsAndMultiPolygonsAreReadWithCodeAndName() throws {
        let data = Self.collection("""
            {"type":"Feature","properties":{"code":"18279","nom":"Vierzon"},"geometry":{"type":"Polygon","coordinates":\(Self.square)}},
            {"type":"Feature","properties":{"code":"36","nom":"Indre"},"geometry":{"type":"MultiPolygon","coordinates":[\(Self.square)]}}
            """)
        let features = try BoundaryReader.read(data, displayName: "t.geojson")
        #expect(features.map(\.code) == ["18279", "36"])
        #expect(features.map(\.name) == ["Vierzon", "Indre"])
        let geometry = try #require(try JSONSerialization.jsonObject(with: Data(features[0].geometry.utf8)) as? [String: Any])
        #expect(geometry["type"] as? String == "Polygon")
        #expect(((geometry["coordinates"] as? [[[Double]]])?.first?.count) == 5)
    }

    @Test(arguments: [
        (#"{"type":"Feature","properties":{"nom":"x"},"geometry":{"type":"Polygon","coordinates":[[[1,47],[2,47],[2,48],[1,47]]]}}"#,
         "feature 0: no \"code\" property"),
        (#"{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Point","coordinates":[1,47]}}"#,
         "feature 0: 1: a Point geometry, where a territory needs a Polygon or a MultiPolygon"),
        (#"{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[1,47],[2,47],[1,47]]]}}"#,
         "feature 0: 1: ring 0 has 3 positions (a ring needs 4)"),
        (#"{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[1,47],[2,47],[2,48],[1,48]]]}}"#,
         "feature 0: 1: ring 0 is not closed"),
        (#"{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[1,47],[2,470],[2,48],[1,47]]]}}"#,
         "feature 0: 1: ring 0 has a position that is not a longitude/latitude pair within ±180° / ±90°"),
        (#"{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[1,47],["a",47],[2,48],[1,47]]]}}"#,
         "feature 0: 1: ring 0 has a position that is not a longitude/latitude pair within ±180° / ±90°"),
        (#"{"type":"Feature","properties":{"code":"1"},"geometry":null}"#, "feature 0: 1: no geometry"),
    ])
    func aBadFeatureRefusesTheFileAndIsNamed(feature: String, message: String) {
        #expect(throws: BoundaryReaderError.self) { try BoundaryReader.read(Self.collection(feature), displayName: "t.geojson") }
        do {
            _ = try BoundaryReader.read(Self.collection(feature), displayName: "t.geojson")
        } catch {
            #expect("\(error)" == "t.geojson: \(message)")
        }
    }

    @Test func aDuplicateCodeAndANonCollectionAreRefused() {
        let twice = Self.collection("""
            {"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":\(Self.square)}},
            {"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":\(Self.square)}}
            """)
        #expect(throws: BoundaryReaderError.duplicateCode(source: "t", code: "1", first: 0, second: 1)) {
            try BoundaryReader.read(twice, displayName: "t")
        }
        #expect(throws: BoundaryReaderError.self) { try BoundaryReader.read(Data("[]".utf8), displayName: "t") }
        #expect(throws: BoundaryReaderError.self) { try BoundaryReader.read(Data("{\"type\":".utf8), displayName: "t") }
    }

    @Test func theRealCommuneFileIsReadWhole() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/ign-contours/communes-centre-val-de-loire.geojson")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("../shared/data is absent: the boundaries test on the real file is skipped")
            return
        }
        let features = try BoundaryReader.read(url, displayName: "communes-centre-val-de-loire.geojson")
        #expect(features.count == 1_776)
        #expect(features.first { $0.code == "37261" }?.name == "Tours")
        #expect(Set(features.map { String($0.code.prefix(2)) }) == ["18", "28", "36", "37", "41", "45"])
    }
}

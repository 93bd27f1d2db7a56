import ObservatoryGeo
import Testing

struct DissolverTests {
    static func square(_ x: Double, _ y: Double, _ side: Double = 10) -> PlaneShape {
        PlaneShape(polygons: [PlanePolygon(rings: [ring([(x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)])])])
    }

    @Test func unitesAdjacentPartsAndListsMissingMembers() throws {
        let parts = ["a": Self.square(0, 0), "b": Self.square(10, 0), "c": Self.square(50, 50)]
        let result = try Dissolver.dissolve(parts: parts, groups: ["ab": ["a", "b", "b"], "cx": ["x", "c"], "none": ["y"]])
        let ab = try #require(result.shapes["ab"])
        #expect(ab.polygons.count == 1)
        #expect(ab.polygons[0].rings.count == 1)
        #expect(ab.area == 200)
        #expect(Geo.isValid(ab))
        #expect(PlanePolygon.signedArea(ab.polygons[0].rings[0]) > 0)
        #expect(result.shapes["cx"]?.area == 100)
        #expect(result.shapes["none"] == nil)
        #expect(result.missing == ["cx": ["x"], "none": ["y"]])
    }

    /// Parts that miss each other by less than the grid are joined without a sliver.
    @Test func theGridAbsorbsRounding() throws {
        let parts = ["a": Self.square(0, 0), "b": Self.square(10.3, 0.2)]
        let snapped = try Dissolver.dissolve(parts: parts, groups: ["g": ["a", "b"]], gridSize: 1)
        #expect(snapped.shapes["g"]?.polygons.count == 1)
        #expect(snapped.shapes["g"]?.area == 200)
        let exact = try Dissolver.dissolve(parts: parts, groups: ["g": ["a", "b"]], gridSize: 0)
        #expect(exact.shapes["g"]?.polygons.count == 2, "without a grid the 0.3 m gap stays")
    }

    /// Overlapping parts are not a coverage: the coverage union's area is wrong, so the overlay runs.
    @Test func overlappingPartsFallBackToTheOverlayUnion() throws {
        let parts = ["a": Self.square(0, 0), "b": Self.square(5, 0), "c": Self.square(2, 2, 3)]
        let result = try Dissolver.dissolve(parts: parts, groups: ["g": ["a", "b", "c"]])
        #expect(result.shapes["g"]?.area == 150)
        #expect(result.shapes["g"]?.polygons.first?.rings.count == 1)
        #expect(result.shapes["g"].map(Geo.isValid) == true)
    }

    @Test func communeLayerUnitesFormerCommunesIntoTheirSuccessor() throws {
        let features = [
            GeoFeature(properties: ["code": "41001"], shape: Self.square(0, 0)),
            GeoFeature(properties: ["code": "41002"], shape: Self.square(10, 0)),
            GeoFeature(properties: ["code": "41003"], shape: Self.square(20, 0)),
            GeoFeature(properties: ["code": "41004"], shape: Self.square(40, 0)),
        ]
        let layer = try Dissolver.communeLayer(features: features) { ["41002": "41001", "41003": "41001"][$0] ?? $0 }
        #expect(layer.shapes.keys.sorted() == ["41001", "41004"])
        #expect(layer.shapes["41001"]?.area == 300)
        #expect(layer.shapes["41001"]?.polygons.count == 1)
        #expect(layer.merged == ["41001": ["41002", "41003"]])
        #expect(throws: GeoError.self) {
            try Dissolver.communeLayer(features: [GeoFeature(properties: [:], shape: Self.square(0, 0))]) { $0 }
        }
    }
}

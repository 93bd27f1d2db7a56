import ObservatoryGeo
import Testing

func ring(_ pairs: [(Double, Double)]) -> [PlanePoint] {
    pairs.map { PlanePoint(x: $0.0, y: $0.1) }
}

struct PlaneShapeTests {
    @Test func normalisationOrientsClosesAndRotates() {
        let polygon = PlanePolygon(rings: [
            ring([(10, 10), (10, 0), (0, 0), (0, 10)]),      // clockwise, not closed
            ring([(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]),  // counter-clockwise hole
        ]).normalized()
        #expect(polygon.rings[0] == ring([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]))
        #expect(polygon.rings[1] == ring([(4, 4), (4, 6), (6, 6), (6, 4), (4, 4)]))
        #expect(polygon.area == 96)
    }

    @Test func areaBoundsAndVertexCount() throws {
        let shape = PlaneShape(polygons: [
            PlanePolygon(rings: [ring([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)])]),
            PlanePolygon(rings: [ring([(20, -5), (30, -5), (25, 3), (20, -5)])]),
        ])
        #expect(shape.area == 140)
        #expect(shape.bounds == PlaneBounds(minX: 0, minY: -5, maxX: 30, maxY: 10))
        #expect(shape.vertexCount == 9)
        #expect(PlaneShape(polygons: []).bounds == nil)
    }

    /// A U whose centroid lies in the notch: the label point must be inside, in the largest polygon.
    @Test func labelPointIsInsideTheLargestPolygon() throws {
        let u = PlanePolygon(rings: [ring([(0, 0), (30, 0), (30, 30), (20, 30), (20, 10), (10, 10), (10, 30), (0, 30), (0, 0)])])
        let islet = PlanePolygon(rings: [ring([(100, 100), (101, 100), (101, 101), (100, 101), (100, 100)])])
        let shape = PlaneShape(polygons: [islet, u])
        let label = try #require(shape.labelPoint)
        #expect(Geo.contains(PlaneShape(polygons: [u]), label), "\(label)")
        #expect(!Geo.contains(shape, PlanePoint(x: 15, y: 20)), "the notch is outside")
    }
}

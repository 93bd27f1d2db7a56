@testable import ObservatoryGeo
import Testing

/// An invented coverage, checked exactly: A (0..10 × 0..10) with a hole filled by the enclave E,
/// B (10..20 × 0..10) sharing a wiggly edge with A, C (0..20 × 10..15) on top of both.
struct CoverageSimplifierTests {
    static let enclave = ring([(4, 4), (5, 3.9), (6, 4), (6, 6), (4, 6), (4, 4)])
    static let fixture: [String: PlaneShape] = [
        "A": PlaneShape(polygons: [PlanePolygon(rings: [
            ring([(0, 0), (5, 0.2), (10, 0), (10.1, 3), (9.9, 6), (10, 10), (0, 10), (0, 0)]), enclave.reversed(),
        ])]),
        "B": PlaneShape(polygons: [PlanePolygon(rings: [ring([(10, 0), (15, 0.3), (20, 0), (20, 10), (10, 10), (9.9, 6), (10.1, 3), (10, 0)])])]),
        "C": PlaneShape(polygons: [PlanePolygon(rings: [ring([(0, 10), (10, 10), (20, 10), (20, 15), (0, 15), (0, 10)])])]),
        "E": PlaneShape(polygons: [PlanePolygon(rings: [enclave])]),
    ]

    @Test func simplifiesArcsOnceAndKeepsJunctions() {
        let result = CoverageSimplifier.simplify(Self.fixture, tolerance: 0.5)
        #expect(result["A"]?.polygons == [PlanePolygon(rings: [
            ring([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]),
            ring([(4, 4), (4, 6), (6, 6), (6, 4), (4, 4)]),
        ])])
        #expect(result["B"]?.polygons == [PlanePolygon(rings: [ring([(10, 0), (20, 0), (20, 10), (10, 10), (10, 0)])])])
        // (10, 10) is where A, B and C meet: kept although it lies on a straight line.
        #expect(result["C"]?.polygons == [PlanePolygon(rings: [ring([(0, 10), (10, 10), (20, 10), (20, 15), (0, 15), (0, 10)])])])
        // The enclave is cut at (4, 4) and (6, 6), like the hole around it.
        #expect(result["E"]?.polygons == [PlanePolygon(rings: [ring([(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)])])])
        let sum = result.values.reduce(0) { $0 + $1.area }
        #expect(sum == 300)
        #expect(Geo.unionArea(Array(result.values)) == 300)
    }

    @Test func zeroToleranceChangesNothing() {
        let result = CoverageSimplifier.simplify(Self.fixture, tolerance: 0)
        #expect(result == Self.fixture.mapValues { $0.normalized() })
    }

    /// With a tolerance larger than the shapes, rings keep three distinct points at least.
    @Test func ringsDoNotCollapse() throws {
        let island = PlaneShape(polygons: [PlanePolygon(rings: [ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])])])
        let triangle = PlaneShape(polygons: [PlanePolygon(rings: [ring([(5, 0), (6, 0), (5.5, 0.1), (5, 0)])])])
        let result = CoverageSimplifier.simplify(["island": island, "triangle": triangle], tolerance: 100)
        #expect(result["island"] == island.normalized())
        #expect(result["triangle"] == triangle.normalized())
    }

    @Test func douglasPeuckerKeepsEndsAndFarPoints() {
        let line = ring([(0, 0), (1, 0.1), (2, -0.1), (3, 5), (4, 0.05), (6, 0)])
        #expect(CoverageSimplifier.douglasPeucker(line, tolerance: 0.5, minimumInterior: 0) == ring([(0, 0), (2, -0.1), (3, 5), (4, 0.05), (6, 0)]))
        #expect(CoverageSimplifier.douglasPeucker(line, tolerance: 10, minimumInterior: 0) == ring([(0, 0), (6, 0)]))
        #expect(CoverageSimplifier.douglasPeucker(line, tolerance: 10, minimumInterior: 1) == ring([(0, 0), (3, 5), (6, 0)]))
    }

    /// A notch whose tip dips into a bump of the bottom edge: Douglas–Peucker at 1.5 m flattens
    /// the bump (1 m deep) but keeps the tip (2.5 m from its chord), and the ring crosses itself.
    /// The arcs of the invalid shape are simplified again at 1.5 / 4 m, which keeps the bump.
    @Test func anInvalidResultIsSimplifiedAgainMoreFinely() {
        let notched = PlaneShape(polygons: [PlanePolygon(rings: [ring([
            (0, 0), (4, 0), (5, -1), (6, 0), (10, 0), (10, 2), (6, 2), (5, -0.5), (4, 2), (0, 2), (0, 0),
        ])])])
        let naive = CoverageSimplifier.simplify(["A": notched], tolerance: 1.5, revalidate: false)
        #expect(naive["A"]?.polygons.first?.rings.first == ring([(0, 0), (10, 0), (10, 2), (6, 2), (5, -0.5), (4, 2), (0, 2), (0, 0)]))
        #expect(naive["A"].map(Geo.isValid) == false)
        let checked = CoverageSimplifier.simplify(["A": notched], tolerance: 1.5)
        #expect(checked["A"] == notched.normalized())
        #expect(checked["A"].map(Geo.isValid) == true)
    }
}

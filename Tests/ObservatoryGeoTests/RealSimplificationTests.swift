import Foundation
import ObservatoryGeo
import Testing

/// CoverageSimplifier on the real coverages: communes and zones d'emploi.
@Suite(.enabled(if: RealData.isAvailable, RealData.absent))
struct RealSimplificationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var layer: String
        var tolerance: Double
        var testDescription: String { "\(layer) at \(Int(tolerance)) m" }
    }

    static let cases = [Case(layer: "communes", tolerance: 200), Case(layer: "zones d'emploi", tolerance: 200),
                        Case(layer: "zones d'emploi", tolerance: 1_000), Case(layer: "communes", tolerance: 1_000)]

    @Test(arguments: cases) func staysAValidCoverage(_ test: Case) throws {
        let layer = try RealData.layer.get()
        let shapes: [String: PlaneShape]
        if test.layer == "communes" {
            shapes = layer.shapes
        } else {
            shapes = try Dissolver.dissolve(parts: layer.shapes, groups: RealData.zonesEmploi(layer.successions)).shapes
        }
        let clock = ContinuousClock()
        var simplified: [String: PlaneShape] = [:]
        let time = clock.measure { simplified = CoverageSimplifier.simplify(shapes, tolerance: test.tolerance) }
        #expect(simplified.keys.sorted() == shapes.keys.sorted())

        let invalid = simplified.filter { !Geo.isValid($0.value) }.keys.sorted()
        #expect(invalid.isEmpty, "invalid after simplification: \(invalid)")
        let before = shapes.values.reduce(0) { $0 + $1.vertexCount }
        let after = simplified.values.reduce(0) { $0 + $1.vertexCount }
        #expect(after < before / 2)

        let sum = simplified.values.reduce(0) { $0 + $1.area }
        let union = try Geo.union(Array(simplified.values))
        #expect(relativeDifference(sum, union.area) < 0.001, "gaps or overlaps: sum \(sum) vs union \(union.area)")
        let originalUnion = shapes.values.reduce(0) { $0 + $1.area }
        #expect(relativeDifference(union.area, originalUnion) < 0.01, "the outline moved too much")

        // Neighbours share identical boundaries: an edge used by one shape only must lie on the
        // outline of the whole coverage (otherwise its neighbour has a different edge there).
        var uses: [Edge: Int] = [:]
        for shape in simplified.values {
            for ring in shape.polygons.flatMap(\.rings) {
                for (a, b) in zip(ring, ring.dropFirst()) { uses[Edge(a, b), default: 0] += 1 }
            }
        }
        #expect(uses.values.allSatisfy { $0 <= 2 }, "an edge used by three shapes")
        let single = uses.filter { $0.value == 1 }.keys
        let midpoints = single.map { PlanePoint(x: ($0.a.x + $0.b.x) / 2, y: ($0.a.y + $0.b.y) / 2) }
        let distances = Geo.distancesToBoundary(of: union, from: midpoints)
        let inner = distances.filter { !($0 < 0.01) }.count
        #expect(inner == 0, "\(inner) of \(single.count) unshared edges lie inside the coverage")
        let shared = uses.values.filter { $0 == 2 }.count
        print("\(test): \(before) → \(after) vertices (\(String(format: "%.1f", Double(after) / Double(before) * 100)) %) in \(time); "
              + "\(shared) shared edges, \(single.count) on the outline; "
              + String(format: "sum/union − 1 = %.2e, outline area change %.3f %%", sum / union.area - 1,
                       (union.area / originalUnion - 1) * 100))
    }

    struct Edge: Hashable {
        var a: PlanePoint
        var b: PlanePoint
        init(_ p: PlanePoint, _ q: PlanePoint) { (a, b) = p < q ? (p, q) : (q, p) }
    }
}

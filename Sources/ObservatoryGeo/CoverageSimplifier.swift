/// Simplifies a coverage (shapes that tile a territory: communes, zones) without opening gaps or
/// overlaps between neighbours, the way TopoJSON does: rings are cut into arcs at junctions,
/// each arc is simplified once (Douglas–Peucker) in a canonical direction, and every ring that
/// runs along an arc gets the same simplified arc.
///
/// - A vertex is a junction when its occurrences in the rings do not all have the same two
///   neighbours (the TopoJSON rule: where a shared boundary starts or ends, where three shapes
///   meet, where a ring touches itself). For a coverage whose neighbours share their vertices
///   this marks the same places as "the set of shapes having the vertex changes", without
///   marking the vertex before each change.
/// - A ring with no junction (an island, an enclave and the hole around it) is cut at two fixed
///   points that depend only on its vertices: the lexicographically smallest one and the one
///   farthest from it, so that the enclave and the hole get the same arcs.
/// - An arc keeps its endpoints; a ring made of one arc keeps at least two more points, a ring
///   of two arcs at least one more per arc, so no ring collapses. A ring that still has fewer
///   than three distinct points (degenerate input) is kept as it was.
/// - Douglas–Peucker can make a ring cross itself or a neighbouring arc; every shape is checked
///   with GEOS, and the arcs of an invalid shape are simplified again at a quarter of the
///   tolerance (for every shape using them), up to four times, then left unsimplified.
public enum CoverageSimplifier {
    public static func simplify(_ shapes: [String: PlaneShape], tolerance: Double) -> [String: PlaneShape] {
        simplify(shapes, tolerance: tolerance, revalidate: true)
    }

    /// `revalidate: false` skips the GEOS check and the retries (to show in tests what they repair).
    static func simplify(_ shapes: [String: PlaneShape], tolerance: Double, revalidate: Bool) -> [String: PlaneShape] {
        let topology = Topology(shapes)
        var tolerances = [Double](repeating: max(tolerance, 0), count: topology.arcs.count)
        var simplified = topology.arcs.indices.map { topology.simplify(arc: $0, tolerance: tolerances[$0]) }
        var result: [String: PlaneShape] = [:]
        var pending = Set(topology.keys.indices)
        for round in 0...5 {
            var invalid: Set<Int> = []
            for index in pending.sorted() {
                let shape = topology.shape(index, arcs: simplified)
                result[topology.keys[index]] = shape
                if revalidate, tolerance > 0, !Geo.isValid(shape) { invalid.insert(index) }
            }
            guard !invalid.isEmpty, round < 5 else { break }
            // Re-simplify the arcs of the invalid shapes, then rebuild every shape using them.
            var touched: Set<Int> = []
            for index in invalid {
                for arc in topology.arcsOfShape[index] {
                    tolerances[arc] = round == 4 ? 0 : tolerances[arc] / 4
                    touched.insert(arc)
                }
            }
            for arc in touched { simplified[arc] = topology.simplify(arc: arc, tolerance: tolerances[arc]) }
            pending = Set(touched.flatMap { topology.shapesOfArc[$0] })
        }
        return result
    }

    /// Douglas–Peucker on an open polyline, keeping both ends and at least `minimumInterior`
    /// interior points (the farthest ones) when the polyline has them.
    static func douglasPeucker(_ points: [PlanePoint], tolerance: Double, minimumInterior: Int) -> [PlanePoint] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (start, end) = stack.popLast() {
            guard end > start + 1 else { continue }
            let (index, distance) = farthest(points, start, end)
            if distance > tolerance {
                keep[index] = true
                stack.append((start, index))
                stack.append((index, end))
            }
        }
        var interior = keep.count(where: { $0 }) - 2
        while interior < min(minimumInterior, points.count - 2) {
            // The interior point farthest from the simplified line through it.
            var best = (index: -1, distance: -1.0)
            var start = 0
            for end in 1..<points.count where keep[end] {
                if end > start + 1 {
                    let candidate = farthest(points, start, end)
                    if candidate.distance > best.distance { best = candidate }
                }
                start = end
            }
            guard best.index >= 0 else { break }
            keep[best.index] = true
            interior += 1
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// The point strictly between `start` and `end` farthest from segment start–end (ties: the first).
    private static func farthest(_ points: [PlanePoint], _ start: Int, _ end: Int) -> (index: Int, distance: Double) {
        var best = (index: start + 1, distance: -1.0)
        for index in (start + 1)..<end {
            let distance = segmentDistance(points[index], points[start], points[end])
            if distance > best.distance { best = (index, distance) }
        }
        return best
    }

    static func segmentDistance(_ p: PlanePoint, _ a: PlanePoint, _ b: PlanePoint) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0
        t = min(max(t, 0), 1)
        let ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy)
        return (ex * ex + ey * ey).squareRoot()
    }
}

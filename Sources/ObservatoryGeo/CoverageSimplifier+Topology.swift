extension CoverageSimplifier {
    /// The shapes cut into shared arcs. Arcs are stored once, in canonical direction; a ring is a
    /// list of (arc, reversed) references.
    struct Topology {
        struct ArcUse: Hashable {
            var arc: Int
            var reversed: Bool
        }

        /// A ring: its arcs, or the original points when it is too small to cut.
        enum Ring {
            case arcs([ArcUse])
            case verbatim([PlanePoint])
        }

        let keys: [String]
        /// shape → polygon → ring.
        private(set) var rings: [[[Ring]]] = []
        private(set) var arcs: [[PlanePoint]] = []
        /// Interior points each arc must keep so that no ring using it collapses.
        private(set) var minimumInterior: [Int] = []
        private(set) var arcsOfShape: [[Int]] = []
        private(set) var shapesOfArc: [[Int]] = []

        init(_ shapes: [String: PlaneShape]) {
            keys = shapes.keys.sorted()
            let openRings: [[[[PlanePoint]]]] = keys.map { key in
                shapes[key]!.polygons.map { polygon in
                    polygon.rings.map { ring in
                        var open = ring
                        if open.count > 1, open.first == open.last { open.removeLast() }
                        return open
                    }
                }
            }
            let junctions = Self.junctions(openRings)
            var arcIndex: [[PlanePoint]: Int] = [:]
            for (shapeIndex, polygons) in openRings.enumerated() {
                var shapeArcs: Set<Int> = []
                rings.append(polygons.map { polygon in
                    polygon.map { ring in
                        guard ring.count >= 3 else { return .verbatim(ring) }
                        let cuts = Self.cuts(ring, junctions: junctions)
                        var uses: [ArcUse] = []
                        for (offset, cut) in cuts.enumerated() {
                            let next = cuts[(offset + 1) % cuts.count]
                            var arc: [PlanePoint] = []
                            var position = cut
                            repeat {
                                arc.append(ring[position])
                                position = (position + 1) % ring.count
                            } while position != next
                            arc.append(ring[next])
                            let canonical = Self.isCanonical(arc) ? arc : arc.reversed()
                            let index: Int
                            if let known = arcIndex[canonical] {
                                index = known
                            } else {
                                index = arcs.count
                                arcIndex[canonical] = index
                                arcs.append(canonical)
                                minimumInterior.append(0)
                                shapesOfArc.append([])
                            }
                            minimumInterior[index] = max(minimumInterior[index], cuts.count == 1 ? 2 : cuts.count == 2 ? 1 : 0)
                            if shapeArcs.insert(index).inserted { shapesOfArc[index].append(shapeIndex) }
                            uses.append(ArcUse(arc: index, reversed: canonical != arc))
                        }
                        return .arcs(uses)
                    }
                })
                arcsOfShape.append(shapeArcs.sorted())
            }
        }

        func simplify(arc: Int, tolerance: Double) -> [PlanePoint] {
            tolerance > 0 ? douglasPeucker(arcs[arc], tolerance: tolerance, minimumInterior: minimumInterior[arc]) : arcs[arc]
        }

        /// The shape rebuilt from (simplified) arcs, normalised.
        func shape(_ index: Int, arcs simplified: [[PlanePoint]]) -> PlaneShape {
            PlaneShape(polygons: rings[index].map { polygon in
                PlanePolygon(rings: polygon.map { ring in
                    switch ring {
                    case let .verbatim(points):
                        return points + points.prefix(1)
                    case let .arcs(uses):
                        var points: [PlanePoint] = []
                        for use in uses {
                            let arc = use.reversed ? simplified[use.arc].reversed() : simplified[use.arc]
                            points.append(contentsOf: arc.dropLast())
                        }
                        if Set(points).count < 3 { // cannot happen with minimumInterior, unless the input was degenerate
                            points = uses.flatMap { ($0.reversed ? arcs[$0.arc].reversed() : arcs[$0.arc]).dropLast() }
                        }
                        return points + points.prefix(1)
                    }
                })
            }).normalized()
        }

        /// Vertices whose occurrences do not all have the same unordered pair of neighbours.
        static func junctions(_ shapes: [[[[PlanePoint]]]]) -> Set<PlanePoint> {
            var neighbours: [PlanePoint: (PlanePoint, PlanePoint)] = [:]
            var result: Set<PlanePoint> = []
            for ring in shapes.joined().joined() where ring.count >= 3 {
                for (index, point) in ring.enumerated() {
                    let previous = ring[(index + ring.count - 1) % ring.count], next = ring[(index + 1) % ring.count]
                    let pair = previous < next ? (previous, next) : (next, previous)
                    if let known = neighbours[point] {
                        if known != pair { result.insert(point) }
                    } else {
                        neighbours[point] = pair
                    }
                }
            }
            return result
        }

        /// Where to cut a ring: its junctions, or two canonical fixed points when it has none.
        static func cuts(_ ring: [PlanePoint], junctions: Set<PlanePoint>) -> [Int] {
            let atJunctions = ring.indices.filter { junctions.contains(ring[$0]) }
            if !atJunctions.isEmpty { return atJunctions }
            let smallest = ring.indices.min { ring[$0] < ring[$1] }!
            let origin = ring[smallest]
            func distance2(_ p: PlanePoint) -> Double { (p.x - origin.x) * (p.x - origin.x) + (p.y - origin.y) * (p.y - origin.y) }
            let far = ring.indices.max { a, b in
                let da = distance2(ring[a]), db = distance2(ring[b])
                return da < db || (da == db && ring[b] < ring[a]) // ties: the smaller point wins
            }!
            return smallest == far ? [smallest] : [min(smallest, far), max(smallest, far)]
        }

        /// An arc runs from its smaller end to its larger; a closed arc so that its second point
        /// is smaller than its last-but-one.
        static func isCanonical(_ arc: [PlanePoint]) -> Bool {
            let first = arc.first!, last = arc.last!
            if first != last { return first < last }
            return arc.count < 3 || !(arc[arc.count - 2] < arc[1])
        }
    }
}

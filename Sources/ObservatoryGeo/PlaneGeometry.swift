/// A point in Lambert-93 metres (EPSG:2154): x east, y north.
public struct PlanePoint: Sendable, Hashable, Comparable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Lexicographic order (x, then y): the canonical order of the coverage simplifier.
    public static func < (a: PlanePoint, b: PlanePoint) -> Bool {
        a.x < b.x || (a.x == b.x && a.y < b.y)
    }
}

/// The bounding box of a shape, in metres.
public struct PlaneBounds: Sendable, Hashable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (self.minX, self.minY, self.maxX, self.maxY) = (minX, minY, maxX, maxY)
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}

/// A polygon: the first ring is the outer boundary, the others are holes. After ``normalized()``
/// every ring is closed (last == first), starts at its lexicographically smallest vertex, the
/// outer ring turns counter-clockwise and the holes clockwise (RFC 7946).
public struct PlanePolygon: Sendable, Hashable {
    public var rings: [[PlanePoint]]

    public init(rings: [[PlanePoint]]) {
        self.rings = rings
    }

    /// Outer area minus the holes' areas, in square metres.
    public var area: Double {
        guard let outer = rings.first else { return 0 }
        return abs(Self.signedArea(outer)) - rings.dropFirst().reduce(0) { $0 + abs(Self.signedArea($1)) }
    }

    public var vertexCount: Int { rings.reduce(0) { $0 + $1.count } }

    /// Closed, rotated to the smallest vertex, outer counter-clockwise and holes clockwise.
    public func normalized() -> PlanePolygon {
        PlanePolygon(rings: rings.enumerated().map { index, ring in
            Self.normalizedRing(ring, counterClockwise: index == 0)
        })
    }

    /// Shoelace area: positive when the ring turns counter-clockwise (y north-up).
    public static func signedArea(_ ring: [PlanePoint]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        let origin = ring[0] // relative coordinates keep precision at Lambert-93 magnitudes
        for i in 0..<ring.count {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return sum / 2
    }

    static func normalizedRing(_ ring: [PlanePoint], counterClockwise: Bool) -> [PlanePoint] {
        var open = ring
        if open.count > 1, open.first == open.last { open.removeLast() }
        guard !open.isEmpty else { return ring }
        if (signedArea(open) > 0) != counterClockwise { open.reverse() }
        let start = open.indices.min { open[$0] < open[$1] } ?? 0
        var result = Array(open[start...] + open[..<start])
        result.append(result[0])
        return result
    }
}

/// A territory's outline: one or more polygons (a multipolygon).
public struct PlaneShape: Sendable, Hashable {
    public var polygons: [PlanePolygon]

    public init(polygons: [PlanePolygon]) {
        self.polygons = polygons
    }

    /// Area in square metres. Lambert-93 is conformal, not equal-area: its scale factor squared
    /// runs from about 0.998 (46.5° N) to 1.006 (42° N and 51° N), so areas are 0.2 % under to 0.6 %
    /// over the ellipsoidal ones (−0.2 % to 0 in Centre-Val de Loire): fine to compare shapes.
    public var area: Double { polygons.reduce(0) { $0 + $1.area } }

    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.vertexCount } }

    /// The bounding box, nil for an empty shape.
    public var bounds: PlaneBounds? {
        var result: PlaneBounds?
        for polygon in polygons {
            for point in polygon.rings.first ?? [] {
                if var box = result {
                    box.minX = min(box.minX, point.x); box.maxX = max(box.maxX, point.x)
                    box.minY = min(box.minY, point.y); box.maxY = max(box.maxY, point.y)
                    result = box
                } else {
                    result = PlaneBounds(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)
                }
            }
        }
        return result
    }

    /// Every polygon normalised (see ``PlanePolygon/normalized()``), in a stable order.
    public func normalized() -> PlaneShape {
        PlaneShape(polygons: polygons.map { $0.normalized() }.sorted { lhs, rhs in
            let l = lhs.rings.first?.first ?? PlanePoint(x: 0, y: 0)
            let r = rhs.rings.first?.first ?? PlanePoint(x: 0, y: 0)
            return l < r
        })
    }

    /// Where to put the shape's label: the pole of inaccessibility of its largest polygon (GEOS
    /// maximum inscribed circle, to 1/1000 of the polygon's size), always inside it; nil when empty.
    public var labelPoint: PlanePoint? { Geo.labelPoint(self) }
}

extension PlaneShape {
    /// Every coordinate rounded to a multiple of `gridSize` metres, consecutive duplicates
    /// removed, rings left with fewer than 4 positions dropped (a polygon whose outer ring
    /// collapses is dropped). The same point always rounds to the same point, so shapes that
    /// share vertices still share them afterwards: this keeps a coverage conforming, which
    /// snap-rounding each union separately does not.
    public func snapped(toGrid gridSize: Double) -> PlaneShape {
        guard gridSize > 0 else { return self }
        func snap(_ value: Double) -> Double { (value / gridSize).rounded() * gridSize }
        return PlaneShape(polygons: polygons.compactMap { polygon in
            var rings: [[PlanePoint]] = []
            for (index, ring) in polygon.rings.enumerated() {
                var points: [PlanePoint] = []
                points.reserveCapacity(ring.count)
                for point in ring {
                    let snapped = PlanePoint(x: snap(point.x), y: snap(point.y))
                    if points.last != snapped { points.append(snapped) }
                }
                if points.count < 4 {
                    if index == 0 { return nil }
                    continue
                }
                rings.append(points)
            }
            return PlanePolygon(rings: rings)
        })
    }
}

/// A point in plane coordinates (for instance Lambert-93 metres), y pointing up.
public struct MapPoint: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Territories already projected to a plane: the kit only fits them to the viewport (keeping
/// the aspect ratio, flipping y). It never projects, simplifies or joins shapes itself.
public struct MapGeometry: Sendable, Hashable, Codable {
    /// One territory: its rings and where to put its label.
    public struct Feature: Sendable, Hashable, Codable {
        /// The key joined to ``MapSpec/Item/id``.
        public var id: String
        /// Closed rings, outer ones and holes alike (several outers make a multipolygon); they are
        /// filled with the even-odd rule, so ring orientation does not matter.
        public var rings: [[MapPoint]]
        /// Where the label goes; `nil` for the centroid of the largest ring.
        public var labelPoint: MapPoint?

        public init(id: String, rings: [[MapPoint]], labelPoint: MapPoint? = nil) {
            self.id = id
            self.rings = rings
            self.labelPoint = labelPoint
        }

        /// The ring with the largest area, or `nil` when there is no ring.
        var largestRing: [MapPoint]? {
            rings.max { abs(Self.signedArea($0)) < abs(Self.signedArea($1)) }
        }

        /// The label anchor: ``labelPoint``; else the centroid of the largest ring when it lies
        /// inside the feature; else (a hole, a crescent) the middle of the widest run inside the
        /// feature along a few horizontal lines across the largest ring.
        var anchor: MapPoint? {
            if let labelPoint { return labelPoint }
            guard let ring = largestRing, let centroid = Self.centroid(ring) else { return nil }
            if contains(centroid) { return centroid }
            let ys = ring.map(\.y)
            guard let low = ys.min(), let high = ys.max() else { return centroid }
            var best: (width: Double, point: MapPoint)?
            for fraction in [0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.1, 0.9] {
                let y = low + (high - low) * fraction
                let crossings = rings.flatMap { ring in
                    zip(ring, ring.dropFirst() + ring.prefix(1)).compactMap { a, b -> Double? in
                        (a.y > y) != (b.y > y) ? a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x) : nil
                    }
                }.sorted()
                for index in stride(from: 0, to: crossings.count - 1, by: 2) {
                    let width = crossings[index + 1] - crossings[index]
                    if width > best?.width ?? 0 {
                        best = (width, MapPoint(x: (crossings[index] + crossings[index + 1]) / 2, y: y))
                    }
                }
            }
            return best?.point ?? centroid
        }

        /// Whether `point` is inside the feature, by the even-odd rule over all its rings.
        func contains(_ point: MapPoint) -> Bool {
            var inside = false
            for ring in rings {
                for (a, b) in zip(ring, ring.dropFirst() + ring.prefix(1)) where (a.y > point.y) != (b.y > point.y) {
                    if point.x < a.x + (point.y - a.y) / (b.y - a.y) * (b.x - a.x) { inside.toggle() }
                }
            }
            return inside
        }

        /// Shoelace area, positive for counter-clockwise rings (y up).
        static func signedArea(_ ring: [MapPoint]) -> Double {
            guard ring.count > 2 else { return 0 }
            var sum = 0.0
            for (a, b) in zip(ring, ring.dropFirst() + [ring[0]]) { sum += a.x * b.y - b.x * a.y }
            return sum / 2
        }

        /// The area centroid of a ring; the vertex mean when the ring is degenerate.
        static func centroid(_ ring: [MapPoint]) -> MapPoint? {
            guard !ring.isEmpty else { return nil }
            // Relative to the first vertex, so that metre coordinates (10⁶) keep their precision.
            let origin = ring[0]
            var cx = 0.0, cy = 0.0, twiceArea = 0.0
            for (a, b) in zip(ring, ring.dropFirst() + [ring[0]]) {
                let ax = a.x - origin.x, ay = a.y - origin.y, bx = b.x - origin.x, by = b.y - origin.y
                let cross = ax * by - bx * ay
                twiceArea += cross
                cx += (ax + bx) * cross
                cy += (ay + by) * cross
            }
            guard abs(twiceArea) > 1e-12 else {
                let n = Double(ring.count)
                return MapPoint(x: ring.map(\.x).reduce(0, +) / n, y: ring.map(\.y).reduce(0, +) / n)
            }
            return MapPoint(x: origin.x + cx / (3 * twiceArea), y: origin.y + cy / (3 * twiceArea))
        }
    }

    public var features: [Feature]

    public init(features: [Feature]) {
        self.features = features
    }

    /// The bounding box of all rings, or `nil` when there is no point.
    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var result: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
        for point in features.lazy.flatMap({ $0.rings.joined() }) where point.x.isFinite && point.y.isFinite {
            if let r = result {
                result = (min(r.minX, point.x), min(r.minY, point.y), max(r.maxX, point.x), max(r.maxY, point.y))
            } else {
                result = (point.x, point.y, point.x, point.y)
            }
        }
        return result
    }
}

/// Plane coordinates fitted into a pixel frame: one scale for both axes, centred, y flipped.
struct MapFrame {
    let scale: Double, originX: Double, originY: Double, minX: Double, maxY: Double

    init(bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double), left: Double, top: Double,
         width: Double, height: Double) {
        let dx = bounds.maxX - bounds.minX, dy = bounds.maxY - bounds.minY
        let sx = dx > 0 ? width / dx : .infinity, sy = dy > 0 ? height / dy : .infinity
        let s = min(sx, sy)
        scale = s.isFinite ? s : 1
        minX = bounds.minX
        maxY = bounds.maxY
        originX = left + (width - dx * scale) / 2
        originY = top + (height - dy * scale) / 2
    }

    /// The pixel position of `point`.
    func callAsFunction(_ point: MapPoint) -> (x: Double, y: Double) {
        (originX + (point.x - minX) * scale, originY + (maxY - point.y) * scale)
    }

    /// The SVG path of `rings`: the first point of each ring absolute, the others relative
    /// (`l`), all in tenths of a pixel so that no rounding error accumulates; consecutive
    /// duplicates (after rounding) and the closing point dropped, each ring closed with `Z`;
    /// rings left with fewer than three points vanish. Empty when nothing is left.
    func path(_ rings: [[MapPoint]]) -> String {
        var d: [UInt8] = []
        var points: [(Int64, Int64)] = []
        for ring in rings {
            points.removeAll(keepingCapacity: true)
            for point in ring {
                let (x, y) = self(point)
                guard x.isFinite && y.isFinite else { continue }
                let tenths = (Int64((x * 10).rounded()), Int64((y * 10).rounded()))
                if let last = points.last, last == tenths { continue }
                points.append(tenths)
            }
            if points.count > 1, let first = points.first, let last = points.last, first == last { points.removeLast() }
            guard points.count >= 3 else { continue }
            d.append(UInt8(ascii: "M"))
            Self.appendTenths(points[0].0, to: &d)
            d.append(UInt8(ascii: ","))
            Self.appendTenths(points[0].1, to: &d)
            d.append(UInt8(ascii: "l"))
            for index in 1..<points.count {
                if index > 1 { d.append(UInt8(ascii: " ")) }
                Self.appendTenths(points[index].0 - points[index - 1].0, to: &d)
                d.append(UInt8(ascii: ","))
                Self.appendTenths(points[index].1 - points[index - 1].1, to: &d)
            }
            d.append(UInt8(ascii: "Z"))
        }
        return String(decoding: d, as: UTF8.self)
    }

    /// Appends ``tenths(_:)`` of `value` as ASCII bytes (paths are long: no intermediate strings).
    static func appendTenths(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        let whole = magnitude / 10
        var divisor: UInt64 = 1
        while divisor <= whole / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(whole / divisor % 10))
            divisor /= 10
        } while divisor > 0
        if magnitude % 10 != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
        }
    }

    /// `123` → `12.3`, `-5` → `-0.5`, `40` → `4`.
    static func tenths(_ value: Int64) -> String {
        let magnitude = value.magnitude
        let sign = value < 0 ? "-" : ""
        let whole = String(magnitude / 10)
        let fraction = magnitude % 10
        return sign + (fraction == 0 ? whole : whole + "." + String(fraction))
    }
}

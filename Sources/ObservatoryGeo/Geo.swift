import CGEOS

/// Measures through GEOS, for checks and tests. Each call uses its own GEOS context; a shape GEOS
/// cannot even build counts as invalid, and a failed measure is reported as NaN (never as 0, which
/// would pass an area check).
public enum Geo {
    /// Whether GEOS finds the shape valid (OGC rules: closed, non-self-intersecting rings, holes inside).
    public static func isValid(_ shape: PlaneShape) -> Bool {
        validityProblem(shape) == nil
    }

    /// GEOS's reason when the shape is invalid (e.g. "Self-intersection[...]"), nil when valid.
    public static func validityProblem(_ shape: PlaneShape) -> String? {
        let context = GEOSContext()
        guard let geometry = try? context.geometry(shape) else { return "GEOS cannot build the shape" }
        defer { context.destroy(geometry) }
        if GEOSisValid_r(context.handle, geometry) == 1 { return nil }
        guard let reason = GEOSisValidReason_r(context.handle, geometry) else { return "invalid" }
        defer { GEOSFree_r(context.handle, reason) }
        return String(cString: reason)
    }

    /// The union of the shapes (exact when `gridSize` is 0), normalised.
    public static func union(_ shapes: [PlaneShape], gridSize: Double = 0) throws -> PlaneShape {
        let context = GEOSContext()
        let union = try context.union(shapes, gridSize: gridSize)
        defer { context.destroy(union) }
        return try context.shape(union).normalized()
    }

    /// Area of the union of the shapes (m²): equals the sum of their areas when they do not overlap.
    public static func unionArea(_ shapes: [PlaneShape]) -> Double {
        let context = GEOSContext()
        guard let union = try? context.union(shapes, gridSize: 0) else { return .nan }
        defer { context.destroy(union) }
        return (try? context.area(union)) ?? .nan
    }

    /// Area of the intersection of two shapes (m²).
    public static func intersectionArea(_ a: PlaneShape, _ b: PlaneShape) -> Double {
        let context = GEOSContext()
        guard let first = try? context.geometry(a) else { return .nan }
        defer { context.destroy(first) }
        guard let second = try? context.geometry(b) else { return .nan }
        defer { context.destroy(second) }
        guard let intersection = GEOSIntersection_r(context.handle, first, second) else { return .nan }
        defer { context.destroy(intersection) }
        return (try? context.area(intersection)) ?? .nan
    }

    /// Distance (m) from each point to the boundary of `shape` (0 on it), for checking that an
    /// edge lies on an outline.
    public static func distancesToBoundary(of shape: PlaneShape, from points: [PlanePoint]) -> [Double] {
        let context = GEOSContext()
        guard let geometry = try? context.geometry(shape),
              let boundary = GEOSBoundary_r(context.handle, geometry) else { return points.map { _ in .nan } }
        defer { context.destroy(geometry); context.destroy(boundary) }
        guard let prepared = GEOSPrepare_r(context.handle, boundary) else { return points.map { _ in .nan } }
        defer { GEOSPreparedGeom_destroy_r(context.handle, prepared) }
        return points.map { point in
            guard let geosPoint = GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y) else { return .nan }
            defer { context.destroy(geosPoint) }
            var distance = Double.nan
            return GEOSPreparedDistance_r(context.handle, prepared, geosPoint, &distance) != 0 ? distance : .nan
        }
    }

    /// Whether the point lies inside the shape (boundary excluded).
    public static func contains(_ shape: PlaneShape, _ point: PlanePoint) -> Bool {
        let context = GEOSContext()
        guard let geometry = try? context.geometry(shape),
              let geosPoint = GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y) else { return false }
        defer { context.destroy(geometry); context.destroy(geosPoint) }
        return GEOSContains_r(context.handle, geometry, geosPoint) == 1
    }

    /// See ``PlaneShape/labelPoint``.
    static func labelPoint(_ shape: PlaneShape) -> PlanePoint? {
        guard let largest = shape.polygons.max(by: { $0.area < $1.area }), let box = PlaneShape(polygons: [largest]).bounds
        else { return nil }
        let context = GEOSContext()
        guard let geometry = try? context.polygon(largest) else { return nil }
        defer { context.destroy(geometry) }
        let tolerance = max(box.width, box.height) / 1000
        if tolerance > 0, let circle = GEOSMaximumInscribedCircle_r(context.handle, geometry, tolerance) {
            defer { context.destroy(circle) }
            if let centre = firstPoint(of: circle, context: context) { return centre }
        }
        guard let surfacePoint = GEOSPointOnSurface_r(context.handle, geometry) else { return nil }
        defer { context.destroy(surfacePoint) }
        return firstPoint(of: surfacePoint, context: context)
    }

    private static func firstPoint(of geometry: OpaquePointer, context: GEOSContext) -> PlanePoint? {
        guard let sequence = GEOSGeom_getCoordSeq_r(context.handle, geometry) else { return nil }
        var x = 0.0, y = 0.0
        guard GEOSCoordSeq_getXY_r(context.handle, sequence, 0, &x, &y) != 0 else { return nil }
        return PlanePoint(x: x, y: y)
    }
}

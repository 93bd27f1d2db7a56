import CGEOS

/// One GEOS reentrant context with its last error message. Not shared between threads: each
/// call (or each thread) creates its own, and every geometry it returns is owned by the caller
/// until handed back to ``destroy(_:)`` or to a GEOS constructor that takes ownership.
final class GEOSContext {
    /// Receives GEOS's error messages through the handler's user data.
    private final class MessageBox {
        var last = ""
    }

    let handle: GEOSContextHandle_t
    private let messages = MessageBox()

    init() {
        handle = GEOS_init_r()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<MessageBox>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
        }, Unmanaged.passUnretained(messages).toOpaque())
    }

    deinit {
        GEOS_finish_r(handle)
    }

    func failure(_ operation: String) -> GeoError {
        .geos(operation: operation, message: messages.last.isEmpty ? "no message" : messages.last)
    }

    func destroy(_ geometry: OpaquePointer?) {
        if let geometry { GEOSGeom_destroy_r(handle, geometry) }
    }

    // MARK: Swift → GEOS

    /// A MULTIPOLYGON of the shape (owned by the caller).
    func geometry(_ shape: PlaneShape) throws -> OpaquePointer {
        try multiPolygon(shape.polygons)
    }

    func multiPolygon(_ polygons: [PlanePolygon]) throws -> OpaquePointer {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(polygons.count)
        do {
            for polygon in polygons where !(polygon.rings.first?.isEmpty ?? true) {
                parts.append(try self.polygon(polygon))
            }
        } catch {
            parts.forEach(destroy)
            throw error
        }
        let collection = parts.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOLYGON.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let collection else {
            parts.forEach(destroy)
            throw failure("multipolygon construction")
        }
        return collection
    }

    func polygon(_ polygon: PlanePolygon) throws -> OpaquePointer {
        var rings: [OpaquePointer?] = []
        do {
            for ring in polygon.rings { rings.append(try linearRing(ring)) }
        } catch {
            rings.forEach(destroy)
            throw error
        }
        var holes = Array(rings.dropFirst())
        let result = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, rings[0], buffer.baseAddress, UInt32(buffer.count))
        }
        guard let result else {
            rings.forEach(destroy)
            throw failure("polygon construction")
        }
        return result
    }

    private func linearRing(_ ring: [PlanePoint]) throws -> OpaquePointer {
        var closed = ring
        if let first = closed.first, closed.last != first { closed.append(first) }
        var buffer: [Double] = []
        buffer.reserveCapacity(closed.count * 2)
        for point in closed { buffer.append(point.x); buffer.append(point.y) }
        guard let sequence = GEOSCoordSeq_copyFromBuffer_r(handle, buffer, UInt32(closed.count), 0, 0) else {
            throw failure("coordinate sequence construction")
        }
        guard let result = GEOSGeom_createLinearRing_r(handle, sequence) else {
            GEOSCoordSeq_destroy_r(handle, sequence)
            throw failure("linear ring construction (\(closed.count) points)")
        }
        return result
    }

    // MARK: GEOS → Swift

    /// The polygons of a (multi)polygon or collection; other parts (lines, points) are left out.
    func shape(_ geometry: OpaquePointer) throws -> PlaneShape {
        var polygons: [PlanePolygon] = []
        try collectPolygons(geometry, into: &polygons)
        return PlaneShape(polygons: polygons)
    }

    private func collectPolygons(_ geometry: OpaquePointer, into polygons: inout [PlanePolygon]) throws {
        let type = GEOSGeomTypeId_r(handle, geometry)
        if type == Int32(GEOS_POLYGON.rawValue) {
            if GEOSisEmpty_r(handle, geometry) == 1 { return }
            guard let exterior = GEOSGetExteriorRing_r(handle, geometry) else { throw failure("exterior ring") }
            var rings = [try points(exterior)]
            let holes = GEOSGetNumInteriorRings_r(handle, geometry)
            for index in 0..<max(holes, 0) {
                guard let hole = GEOSGetInteriorRingN_r(handle, geometry, index) else { throw failure("interior ring") }
                rings.append(try points(hole))
            }
            polygons.append(PlanePolygon(rings: rings))
        } else if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            for index in 0..<max(GEOSGetNumGeometries_r(handle, geometry), 0) {
                guard let part = GEOSGetGeometryN_r(handle, geometry, index) else { throw failure("geometry part") }
                try collectPolygons(part, into: &polygons)
            }
        }
    }

    private func points(_ ring: OpaquePointer) throws -> [PlanePoint] {
        guard let sequence = GEOSGeom_getCoordSeq_r(handle, ring) else { throw failure("ring coordinates") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, sequence, &size) != 0 else { throw failure("ring size") }
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        guard GEOSCoordSeq_copyToBuffer_r(handle, sequence, &buffer, 0, 0) != 0 else { throw failure("ring copy") }
        return (0..<Int(size)).map { PlanePoint(x: buffer[2 * $0], y: buffer[2 * $0 + 1]) }
    }

    // MARK: Measures

    func area(_ geometry: OpaquePointer) throws -> Double {
        var area = 0.0
        guard GEOSArea_r(handle, geometry, &area) != 0 else { throw failure("area") }
        return area
    }

    /// Union of polygons that form a coverage (no overlaps, shared edges with identical vertices):
    /// GEOS merely drops the shared edges. Nil when GEOS refuses; the caller checks the result.
    func coverageUnion(_ shapes: [PlaneShape]) throws -> OpaquePointer? {
        let collection = try multiPolygon(shapes.flatMap(\.polygons))
        defer { destroy(collection) }
        return GEOSCoverageUnion_r(handle, collection)
    }

    /// Union of every polygon of `shapes`: exact when `gridSize` is 0, snapped to that grid otherwise.
    func union(_ shapes: [PlaneShape], gridSize: Double) throws -> OpaquePointer {
        let collection = try multiPolygon(shapes.flatMap(\.polygons))
        defer { destroy(collection) }
        let result = gridSize > 0 ? GEOSUnaryUnionPrec_r(handle, collection, gridSize) : GEOSUnaryUnion_r(handle, collection)
        guard let result else { throw failure("union") }
        return result
    }
}

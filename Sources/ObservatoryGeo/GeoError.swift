/// What went wrong in ObservatoryGeo: what, where, and what was kept.
public enum GeoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A GeoJSON file that cannot be read; nothing of it is kept.
    case invalidGeoJSON(source: String, message: String)
    /// GEOS refused an operation (its own message).
    case geos(operation: String, message: String)

    public var description: String {
        switch self {
        case let .invalidGeoJSON(source, message):
            return "\(source): \(message); no feature of the file was kept"
        case let .geos(operation, message):
            return "GEOS \(operation) failed: \(message)"
        }
    }
}

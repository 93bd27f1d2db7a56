import Foundation

/// RGF93 / Lambert-93 (EPSG:2154): conic conformal secant projection on the GRS80 ellipsoid,
/// standard parallels 44° N and 49° N, origin 46.5° N 3° E, false easting 700 000 m, false
/// northing 6 600 000 m. Formulas of IGN's notes NTG_71 (ALG0001 isometric latitude, ALG0002
/// its inverse, ALG0003/ALG0004 projection and inverse, ALG0054 constants of a secant cone).
/// WGS84 longitudes/latitudes are taken as RGF93 ones (the datums agree within a few cm).
public enum Lambert93 {
    static let a = 6_378_137.0
    static let flattening = 1 / 298.257_222_101
    static let e = (2 * flattening - flattening * flattening).squareRoot()
    static let lambda0 = 3.0 * .pi / 180
    static let x0 = 700_000.0
    static let y0 = 6_600_000.0

    /// Cone constants (ALG0054): exponent n, constant c, pole ordinate ys.
    static let (n, c, ys): (Double, Double, Double) = {
        let phi1 = 44.0 * .pi / 180, phi2 = 49.0 * .pi / 180, phi0 = 46.5 * .pi / 180
        let n1 = normal(phi1) * cos(phi1), n2 = normal(phi2) * cos(phi2)
        let l1 = isometricLatitude(phi1), l2 = isometricLatitude(phi2)
        let n = log(n2 / n1) / (l1 - l2)
        let c = n1 / n * exp(n * l1)
        return (n, c, y0 + c * exp(-n * isometricLatitude(phi0)))
    }()

    /// The point of (longitude, latitude) in degrees, in metres.
    public static func project(longitude: Double, latitude: Double) -> PlanePoint {
        let phi = latitude * .pi / 180
        let r = c * exp(-n * isometricLatitude(phi))
        let gamma = n * (longitude * .pi / 180 - lambda0)
        return PlanePoint(x: x0 + r * sin(gamma), y: ys - r * cos(gamma))
    }

    /// Longitude and latitude in degrees of a point in metres.
    public static func unproject(_ p: PlanePoint) -> (longitude: Double, latitude: Double) {
        let dx = p.x - x0, dy = ys - p.y
        let r = (dx * dx + dy * dy).squareRoot()
        let gamma = atan2(dx, dy)
        let lambda = lambda0 + gamma / n
        let phi = latitude(isometric: -log(r / c) / n)
        return (lambda * 180 / .pi, phi * 180 / .pi)
    }

    /// Great normal (radius of curvature in the prime vertical) at latitude phi.
    static func normal(_ phi: Double) -> Double {
        a / (1 - e * e * sin(phi) * sin(phi)).squareRoot()
    }

    /// ALG0001.
    static func isometricLatitude(_ phi: Double) -> Double {
        let es = e * sin(phi)
        return log(tan(.pi / 4 + phi / 2) * pow((1 - es) / (1 + es), e / 2))
    }

    /// ALG0002: fixed-point iteration, converges to 1e-12 rad in about six steps.
    static func latitude(isometric l: Double) -> Double {
        var phi = 2 * atan(exp(l)) - .pi / 2
        for _ in 0..<30 {
            let es = e * sin(phi)
            let next = 2 * atan(pow((1 + es) / (1 - es), e / 2) * exp(l)) - .pi / 2
            if abs(next - phi) < 1e-14 { return next }
            phi = next
        }
        return phi
    }
}

import Foundation
import ObservatoryGeo
import Testing

/// Lambert-93 against PROJ 9.1.1. Every reference below was computed on 2026-12-03 with
/// `echo "LON LAT" | cs2cs -f %.6f +proj=longlat +ellps=GRS80 +no_defs +to EPSG:2154`
/// (and `cs2cs -f %.11f EPSG:2154 +to +proj=longlat +ellps=GRS80` for the inverse ones).
struct Lambert93Tests {
    struct Reference: Sendable, CustomTestStringConvertible {
        var name: String
        var longitude: Double
        var latitude: Double
        var x: Double
        var y: Double
        var testDescription: String { name }
    }

    static let references: [Reference] = [
        Reference(name: "Paris", longitude: 2.3522, latitude: 48.8566, x: 652_469.022709, y: 6_862_035.259420),
        Reference(name: "Tours", longitude: 0.6848, latitude: 47.3941, x: 525_384.596037, y: 6_701_866.444763),
        Reference(name: "Brest", longitude: -4.4861, latitude: 48.3904, x: 146_632.978528, y: 6_836_262.326656),
        Reference(name: "Nice", longitude: 7.2620, latitude: 43.7102, x: 1_043_410.159722, y: 6_299_400.042973),
        Reference(name: "Strasbourg", longitude: 7.7521, latitude: 48.5734, x: 1_050_362.695358, y: 6_840_899.647188),
        Reference(name: "Ajaccio", longitude: 8.7369, latitude: 41.9192, x: 1_176_526.602261, y: 6_108_263.022637),
        Reference(name: "Perpignan", longitude: 2.8948, latitude: 42.6887, x: 691_368.107061, y: 6_176_570.588477),
        Reference(name: "origin 3° E 46.5° N", longitude: 3, latitude: 46.5, x: 700_000, y: 6_600_000),
    ]

    @Test(arguments: references) func forwardWithinAMillimetre(_ reference: Reference) {
        let point = Lambert93.project(longitude: reference.longitude, latitude: reference.latitude)
        #expect(abs(point.x - reference.x) <= 0.001, "x \(point.x) vs PROJ \(reference.x)")
        #expect(abs(point.y - reference.y) <= 0.001, "y \(point.y) vs PROJ \(reference.y)")
    }

    @Test(arguments: references) func inverseOfProjReference(_ reference: Reference) {
        let (longitude, latitude) = Lambert93.unproject(PlanePoint(x: reference.x, y: reference.y))
        // cs2cs prints 6 decimals of metres (±0.5 µm ≈ 5e-12°), well under the tolerance.
        #expect(abs(longitude - reference.longitude) <= 1e-9)
        #expect(abs(latitude - reference.latitude) <= 1e-9)
    }

    /// Two more inverse references, from metres: `700000 7000000` and `300000 6200000`.
    @Test func inverseFromMetres() {
        let north = Lambert93.unproject(PlanePoint(x: 700_000, y: 7_000_000))
        #expect(abs(north.longitude - 3) <= 1e-9)
        #expect(abs(north.latitude - 50.09830254724) <= 1e-9)
        let southWest = Lambert93.unproject(PlanePoint(x: 300_000, y: 6_200_000))
        #expect(abs(southWest.longitude - -1.88639323640) <= 1e-9)
        #expect(abs(southWest.latitude - 42.78809667306) <= 1e-9)
    }

    @Test func roundTripOverFrance() {
        var worst = 0.0
        for longitude in stride(from: -5.5, through: 10, by: 0.5) {
            for latitude in stride(from: 41, through: 51.5, by: 0.25) {
                let back = Lambert93.unproject(Lambert93.project(longitude: longitude, latitude: latitude))
                worst = max(worst, abs(back.longitude - longitude), abs(back.latitude - latitude))
            }
        }
        #expect(worst <= 1e-11, "worst round-trip error \(worst)°")
    }
}

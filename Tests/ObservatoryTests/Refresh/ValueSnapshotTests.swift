import Foundation
@testable import Observatory
import ObservatoryCore
import ObservatoryIndicators
import Testing

/// `Cache/last-values.json`, written value by value, holds the bytes `JSONEncoder` wrote.
@Suite struct ValueSnapshotTests {
    @Test func theSnapshotIsWhatJSONEncoderWroteAndReadsBack() throws {
        let extent = Extent(coverage: 0.997, apportioned: 0.7295794982441086, key: .salariedJobs, coveredBy: "dep:91 (Essonne)")
        let snapshot = ValueSnapshot(fingerprint: "a1\"b", values: [
            "chomage_taux|ze2020:2405|2023-T3|": .init(lower: 7.2, upper: 7.2, status: "ok", maskedCells: 0, extent: nil),
            "bmo_projets|bassin-bmo:2402|2024|": .init(lower: 1_413, upper: nil, status: "masked", maskedCells: 39, extent: extent),
            "bmo_top_metiers|fr:FR|2024|J1Z80": .init(lower: nil, upper: nil, status: "no_value", maskedCells: 0, extent: nil),
            "bmo_top_metiers|fr:FR|2024|A0Z40": .init(lower: -0.0, upper: 1e21, status: "approximate", maskedCells: 0,
                                                     extent: Extent(coverage: 1, apportioned: 0, key: .population, weightedMean: true)),
            // Keys in byte order whatever their letters, escaped where JSON wants it; an extent
            // met twice written the same.
            "competences_en_demande|custom:vierzon|2024|Économie": .init(lower: 0.125, upper: 3, status: "masked", maskedCells: 2, extent: extent),
            "competences_en_demande|custom:vierzon|2024|Eau \"potable\"\\": .init(lower: 12, upper: 12, status: "ok", maskedCells: 0, extent: nil),
            "competences_en_demande|custom:vierzon|2024|zinc": .init(lower: 1e-7, upper: 123456789012, status: "ok", maskedCells: 0, extent: nil),
            "competences_en_demande|custom:vierzon|2024|E": .init(lower: 5, upper: 5, status: "ok", maskedCells: 0, extent: nil),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let expected = try encoder.encode(snapshot)
        #expect(String(decoding: try snapshot.encoded(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try snapshot.save(url)
        let read = try #require(ValueSnapshot.load(url))
        #expect(read.fingerprint == snapshot.fingerprint && read.values == snapshot.values)
    }
}

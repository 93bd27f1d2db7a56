import Foundation
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators

/// The indicator values of the last refresh, kept in `Cache/last-values.json` to report what moved.
public struct ValueSnapshot: Codable, Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        public var lower: Double?
        public var upper: Double?
        public var status: String
        public var maskedCells: Int
        /// What the value covers and how it was assembled (absent from snapshots written before coverage was kept).
        public var extent: Extent?
    }

    /// What the values were computed from: the library's and the data's fingerprint.
    public var fingerprint: String
    /// `indicator|territory|period|key` → value.
    public var values: [String: Entry]

    public init(fingerprint: String, values: [String: Entry]) {
        self.fingerprint = fingerprint
        self.values = values
    }

    static func key(_ indicator: String, _ territory: TerritoryID, _ period: Period, _ entry: String?) -> String {
        "\(indicator)|\(territory)|\(period)|\(entry ?? "")"
    }

    static func entry(_ value: Value) -> Entry {
        Entry(lower: value.lower, upper: value.upper, status: value.status.rawValue, maskedCells: value.maskedCells, extent: value.extent)
    }

    public static func load(_ url: URL) -> ValueSnapshot? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(ValueSnapshot.self, from: data)
    }

    public func save(_ url: URL) throws {
        try Self.write(try encoded(), to: url)
    }

    /// The bytes ``save(_:)`` writes: `JSONEncoder`'s with sorted keys, written value by value
    /// (`JSONEncoder` built a tree of every value of the run first: the national refresh's peak).
    public func encoded() throws -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 160)
        output.append(contentsOf: "{\"fingerprint\":".utf8)
        CompactJSONEncoder.append(string: fingerprint, to: &output)
        output.append(contentsOf: ",\"values\":{".utf8)
        for (index, key) in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { output.append(0x2C) }
            CompactJSONEncoder.append(string: key, to: &output)
            output.append(0x3A)
            try CompactJSONEncoder.append(values[key]!, to: &output, snakeCase: false)
        }
        output.append(contentsOf: "}}".utf8)
        return Data(output)
    }

    /// Writes bytes from ``encoded()`` at `url`, atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}

import Foundation
import ObservatoryCore
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

    /// The bytes ``save(_:)`` writes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Writes bytes from ``encoded()`` at `url`, atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}

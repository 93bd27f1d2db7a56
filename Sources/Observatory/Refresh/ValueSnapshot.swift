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
        // Keys in UTF-8 byte order, compared as bytes (comparing their UTF-8 views was a third
        // of the national refresh's 2.7 s here), and each entry written by hand.
        let entries = values.map { (key: Array($0.key.utf8), entry: $0.value) }.sorted { a, b in
            a.key.withUnsafeBufferPointer { x in
                b.key.withUnsafeBufferPointer { y in
                    let common = min(x.count, y.count)
                    let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                    return order != 0 ? order < 0 : x.count < y.count
                }
            }
        }
        var extents: [Extent: [UInt8]] = [:]
        for (index, item) in entries.enumerated() {
            if index > 0 { output.append(0x2C) }
            Self.writeString(bytes: item.key, to: &output)
            output.append(0x3A)
            try Self.write(item.entry, to: &output, extents: &extents)
        }
        output.append(contentsOf: "}}".utf8)
        return Data(output)
    }

    /// A key already in UTF-8, as ``CompactJSONEncoder/append(string:to:)`` writes it.
    private static func writeString(bytes: [UInt8], to output: inout [UInt8]) {
        if bytes.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
            CompactJSONEncoder.append(string: String(decoding: bytes, as: UTF8.self), to: &output)
        } else {
            output.append(0x22)
            output.append(contentsOf: bytes)
            output.append(0x22)
        }
    }

    /// `JSONEncoder`'s bytes for an entry with sorted keys: `extent`, `lower`, `maskedCells`,
    /// `status`, `upper`, the absent optionals left out. An extent's bytes are made once.
    static func write(_ entry: Entry, to output: inout [UInt8], extents: inout [Extent: [UInt8]]) throws {
        output.append(0x7B)
        if let extent = entry.extent {
            output.append(contentsOf: #""extent":"#.utf8)
            if let known = extents[extent] {
                output.append(contentsOf: known)
            } else {
                var bytes: [UInt8] = []
                try CompactJSONEncoder.append(extent, to: &bytes, snakeCase: false)
                extents[extent] = bytes
                output.append(contentsOf: bytes)
            }
            output.append(0x2C)
        }
        if let lower = entry.lower {
            output.append(contentsOf: #""lower":"#.utf8)
            try CompactJSONEncoder.append(number: lower, to: &output)
            output.append(0x2C)
        }
        output.append(contentsOf: #""maskedCells":"#.utf8)
        output.append(contentsOf: String(entry.maskedCells).utf8)
        output.append(contentsOf: #","status":"#.utf8)
        CompactJSONEncoder.append(string: entry.status, to: &output)
        if let upper = entry.upper {
            output.append(contentsOf: #","upper":"#.utf8)
            try CompactJSONEncoder.append(number: upper, to: &output)
        }
        output.append(0x7D)
    }

    /// Writes bytes from ``encoded()`` at `url`, atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}

import Crypto
import Foundation
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators

/// The values each refresh computed, dated: `Cache/history/<indicator>.jsonl`, append-only, one
/// JSON line per value that differs from the last line kept for its territory, period and key
/// (so a refresh that computes the same values adds nothing). Kept outside the store: `repair`
/// rebuilds the store from the downloads, and history cannot be rebuilt from files that changed.
public struct ValueHistory: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// More sources than this are kept as one digest.
    static let maxSources = 4

    public func url(_ indicator: String) -> URL { folder.appendingPathComponent("\(indicator).jsonl") }

    public func exists(_ indicator: String) -> Bool { FileManager.default.fileExists(atPath: url(indicator).path) }

    /// Every record of `indicator`, in file order. A line that does not decode (the end of a line
    /// cut by a crash mid-append) is skipped; the lines before and after it are kept.
    /// With `territories`, only their records: the other lines are passed over without being
    /// decoded (a national refresh records every territory; a démarche reads five).
    public func load(_ indicator: String, territories: Set<TerritoryID>? = nil) -> [HistoryRecord] {
        guard let data = try? Data(contentsOf: url(indicator)) else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let wanted = territories.map { Set($0.map { Array($0.description.utf8) }) }
        return data.split(separator: 0x0A).compactMap { line in
            if let wanted, let territory = Self.territory(in: line), !wanted.contains(territory) { return nil }
            return try? decoder.decode(HistoryRecord.self, from: Data(line))
        }
    }

    private static let territoryField = Array("\"territory\":\"".utf8)

    /// The bytes of a line's territory (`ze2020:2415`), found without decoding the line; `nil`
    /// when the line has none (it is then decoded, and skipped if it does not decode). Inside a
    /// JSON string a quote is escaped, so the field's pattern only matches the field itself.
    static func territory(in line: Data) -> [UInt8]? {
        line.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [UInt8]? in
            let field = territoryField, count = bytes.count
            var index = 0
            while index + field.count <= count {
                if bytes[index] == 0x22 {
                    var matched = 1
                    while matched < field.count && bytes[index + matched] == field[matched] { matched += 1 }
                    if matched == field.count {
                        let start = index + matched
                        guard let end = bytes[start...].firstIndex(of: 0x22) else { return nil }
                        return Array(bytes[start..<end])
                    }
                }
                index += 1
            }
            return nil
        }
    }

    /// Appends the values of `series` that differ from the last record of their slot; returns how many.
    @discardableResult
    public func record(_ indicator: String, series: [TerritoryID: ExportData.Series], at date: Date) throws -> Int {
        let stamp = Self.stamp(date)
        var last: [String: HistoryRecord] = [:]
        for record in load(indicator, territories: Set(series.keys)) { last[record.slot] = record }
        var lines: [UInt8] = []
        var count = 0
        for territory in series.keys.sorted() {
            for (period, result) in series[territory]! {
                let entries: [(String?, Value)] = switch result {
                case .scalar(let value): [(nil, value)]
                case .table(let table): table.entries.map { ($0.key, $0.value) }
                }
                for (key, value) in entries {
                    var record = HistoryRecord(recordedAt: stamp, territory: territory, period: period, key: key, value: value)
                    // A value drawn from many files (a training catalogue, the referentials) keeps
                    // their digest: a revision of any of them still shows, the line stays short.
                    if record.sources.count > Self.maxSources {
                        let digest = SHA256.hash(data: Data(record.sources.joined(separator: "\n").utf8)).map { String(format: "%02x", $0) }.joined()
                        record.sources = ["\(record.sources.count) fichiers@\(digest)"]
                    }
                    if let previous = last[record.slot], previous.sameContent(as: record) { continue }
                    last[record.slot] = record
                    // `JSONEncoder`'s bytes (sorted snake_case keys, slashes kept), without its cost.
                    try CompactJSONEncoder.append(record, to: &lines)
                    lines.append(0x0A)
                    count += 1
                }
            }
        }
        guard count > 0 else { return 0 }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = url(indicator)
        if !FileManager.default.fileExists(atPath: file.path) { FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forUpdating: file)
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        if end > 0 {
            // A line cut by a crash must not swallow the first new one.
            try handle.seek(toOffset: end - 1)
            if handle.readData(ofLength: 1) != Data([0x0A]) { lines.insert(0x0A, at: 0) }
            try handle.seekToEnd()
        }
        try handle.write(contentsOf: Data(lines))
        try handle.synchronize()
        return count
    }

    /// `2026-03-12T09:30:00Z`.
    public static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

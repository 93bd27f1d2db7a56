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
    public func load(_ indicator: String) -> [HistoryRecord] {
        guard let data = try? Data(contentsOf: url(indicator)) else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(HistoryRecord.self, from: Data($0)) }
    }

    /// Appends the values of `series` that differ from the last record of their slot; returns how many.
    @discardableResult
    public func record(_ indicator: String, series: [TerritoryID: ExportData.Series], at date: Date) throws -> Int {
        let stamp = Self.stamp(date)
        var last: [String: HistoryRecord] = [:]
        for record in load(indicator) { last[record.slot] = record }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var lines = Data()
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
                    lines.append(try encoder.encode(record))
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
        try handle.write(contentsOf: lines)
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

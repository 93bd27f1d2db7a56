import Foundation
import ObservatoryCore
import ObservatoryIndicators

/// One value as a refresh computed it, dated: what `Cache/history/<indicator>.jsonl` keeps, one
/// line per value that differed from the last line kept for the same territory, period and key.
public struct HistoryRecord: Sendable, Hashable, Codable {
    /// When the refresh computed it (ISO 8601, UTC, to the second).
    public var recordedAt: String
    public var territory: TerritoryID
    public var period: Period
    /// The table entry, for table indicators.
    public var key: String?
    public var lower: Double?
    public var upper: Double?
    public var maskedCells: Int
    public var approximate: Bool
    /// Why there was no value, in English (``MissingReason/english``), as the history has always
    /// kept it: records are compared by it, and a record without a value is never shown.
    public var reason: String?
    /// The files it came from: `dataset/vintage/file@sha256`, sorted.
    public var sources: [String]

    public init(recordedAt: String, territory: TerritoryID, period: Period, key: String?, value: Value) {
        self.recordedAt = recordedAt
        self.territory = territory
        self.period = period
        self.key = key
        self.lower = value.lower
        self.upper = value.upper
        self.maskedCells = value.maskedCells
        self.approximate = value.extent.map { !$0.isExact } ?? false
        self.reason = value.lower == nil ? value.reason : nil
        self.sources = value.sources.sorted().map { "\($0.dataset)/\($0.vintage)/\($0.file)@\($0.sha256)" }
    }

    /// Territory, period and key: the value a record is a version of.
    public var slot: String { "\(territory)|\(period)|\(key ?? "")" }

    /// Same value from the same files, whenever recorded.
    public func sameContent(as other: HistoryRecord) -> Bool {
        lower == other.lower && upper == other.upper && maskedCells == other.maskedCells && approximate == other.approximate
            && reason == other.reason && sources == other.sources
    }

    /// Same value, whatever the files.
    public func sameValue(as other: HistoryRecord) -> Bool {
        lower == other.lower && upper == other.upper && maskedCells == other.maskedCells && approximate == other.approximate
            && (lower != nil || reason == other.reason)
    }

    /// The checksums of its files.
    public var checksums: Set<String> { Set(sources.compactMap { $0.split(separator: "@").last.map(String.init) }) }

    public var reading: Reading {
        lower == nil ? Reading(lower: nil, upper: nil, missing: reason ?? "donnée manquante")
            : Reading(lower: lower, upper: upper, maskedCells: maskedCells, approximate: approximate)
    }

    public var date: Date? { ISO8601DateFormatter().date(from: recordedAt) }
}

/// How a value changed between two records of the same territory, period and key.
public struct Revision: Sendable, Hashable, Codable {
    /// `revision`: the publisher's file changed (another checksum); `recomputation`: same files,
    /// another value (the formula or the territories changed).
    public var kind: String
    public var recordedAt: String
    public var period: String
    public var before: Reading
    public var after: Reading
    /// The files of the new value that were not behind the old one.
    public var newFiles: [String]
    /// `révisé le 12 mars 2026 : 12,3 % → 12,8 %`.
    public var text: String
}

extension HistoryRecord {
    /// The revisions and recomputations among records of one slot, oldest first.
    public static func revisions(_ records: [HistoryRecord], unit: ObservatoryIndicators.Unit) -> [Revision] {
        let ordered = records.sorted { $0.recordedAt < $1.recordedAt }
        var result: [Revision] = []
        for (old, new) in zip(ordered, ordered.dropFirst()) where old.lower != nil && new.lower != nil && !old.sameValue(as: new) {
            let isRevision = old.checksums != new.checksums
            let before = FollowUpMath.text(old.reading, unit: unit), after = FollowUpMath.text(new.reading, unit: unit)
            let day = SitePage.frenchDay(new.recordedAt)
            let text = (isRevision ? "révisé le \(day) : " : "recalculé le \(day) (mêmes fichiers, méthode ou territoire modifiés) : ")
                + "\(before) → \(after)"
            let newFiles = new.sources.filter { !old.sources.contains($0) }.map { source -> String in
                let parts = source.split(separator: "@")
                return "\(parts.first ?? "") (sha256 \(parts.last.map { String($0.prefix(12)) } ?? "")…)"
            }
            result.append(Revision(kind: isRevision ? "revision" : "recomputation", recordedAt: new.recordedAt,
                                   period: new.period.description, before: old.reading, after: new.reading,
                                   newFiles: newFiles, text: text))
        }
        return result
    }
}

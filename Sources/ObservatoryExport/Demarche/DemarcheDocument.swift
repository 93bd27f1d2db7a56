import Foundation
import ObservatoryCharts
import ObservatoryCore

/// The JSON of a démarche's follow-up page, described by `Schemas/demarche.schema.json`. Keys are
/// snake_case and sorted: the same values and history give the same bytes.
public struct DemarcheDocument: Sendable, Hashable, Codable {
    public static let schemaVersion = 1

    public var schemaVersion: Int
    public var demarche: DemarcheRef
    public var territory: TerritoryRef
    /// `region`, `departement` or `peer`, with the territory, as the committee chose them.
    public var comparisons: [ReferenceRef]
    public var meetings: [MeetingDoc]
    /// The time of the latest history record the page reads: meetings after it are to come;
    /// `nil` when no refresh recorded history yet.
    public var historyAsOf: String?
    /// When history starts for the page's values.
    public var historySince: String?
    public var indicators: [FollowedDoc]
    /// What a reader must know before reading a difference in changes, in French.
    public var caveats: [String]
    public var sources: [SourceDoc]
}

public struct DemarcheRef: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var description: String?
    /// Shipped as an example.
    public var example: Bool
    /// The start period, canonical (`2021`).
    public var start: String
    /// Relative to the site root.
    public var html: String
    public var json: String
    public var csv: String
}

public struct MeetingDoc: Sendable, Hashable, Codable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var label: String?
    /// `R1`, `R2`…: the chart's rule labels.
    public var mark: String
    /// `past` (before the latest recorded refresh) or `upcoming`.
    public var status: String
}

/// A value at one period, with what is known of it.
public struct PointDoc: Sendable, Hashable, Codable {
    public var period: String
    /// `ok`, `masked`, `approximate` or `no_value`.
    public var status: String
    public var lower: Double?
    public var upper: Double?
    public var maskedCells: Int
    public var approximate: Bool
    public var reason: String?
    public var text: String
    public var sources: [String]
}

/// A change or difference: an interval (ends unknown when `nil`), its direction and French text.
public struct ChangeDoc: Sendable, Hashable, Codable {
    public var status: String
    public var lower: Double?
    public var upper: Double?
    public var maskedCells: Int
    public var approximate: Bool
    /// `up`, `down`, `stable`, `undetermined`, `no_value`.
    public var direction: String
    public var text: String
}

/// One territory's start → latest for a followed indicator.
public struct FollowRowDoc: Sendable, Hashable, Codable {
    public var territory: String
    /// `subject`, `region`, `departement` or `peer`.
    public var role: String
    public var start: PointDoc?
    public var latest: PointDoc?
    public var change: ChangeDoc
    /// For comparisons: the territory's change minus this one's (a difference in changes).
    public var difference: ChangeDoc?
    /// Revisions and recomputations of its start and latest values, from the history.
    public var revisions: [Revision]
    /// Why this row's periods differ from the territory's, or it has none.
    public var note: String?
}

public struct TargetDoc: Sendable, Hashable, Codable {
    public var value: Double?
    /// `up` or `down`.
    public var direction: String
    /// `met`, `not_met`, `undetermined`, `no_value`.
    public var status: String
    public var text: String
}

/// The territory's latest value against the one shown at the last meeting, from the history.
public struct SinceMeetingDoc: Sendable, Hashable, Codable {
    public var meeting: String
    /// The latest value as shown at the meeting; `nil` when the history does not reach back to it.
    public var shown: PointDoc?
    public var current: PointDoc?
    public var change: ChangeDoc?
    /// Whether the value moved (another period, or another value for the same period).
    public var moved: Bool
    public var text: String
}

public struct FollowedDoc: Sendable, Hashable, Codable {
    /// Unique on the page (the indicator id, with the table key when one entry is followed).
    public var anchor: String
    public var indicator: String
    public var key: String?
    public var label: String?
    public var title: String
    public var unit: String
    /// The unit of changes: `points` for a percent.
    public var changeUnit: String
    public var note: String?
    public var target: TargetDoc?
    public var rows: [FollowRowDoc]
    public var sinceLastMeeting: SinceMeetingDoc?
    public var chart: ChartSpec?
    public var chartFile: String?
    public var notes: [String]
    public var sources: [String]
}

/// A link to a démarche's page, from its basin's page and the index.
public struct DemarcheLink: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var example: Bool
    /// Relative to the site root.
    public var html: String
}

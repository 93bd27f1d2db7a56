import Foundation
import ObservatoryCore

/// A committee's démarche (`Indicators/demarches/<id>.yaml`): a territory, the period it started
/// from, its meetings, the indicators it follows (with optional targets) and the territories it
/// compares itself with. Its page shows, per indicator, start → latest against the comparisons.
public struct DemarcheDefinition: Sendable, Hashable {
    /// A way an indicator should move.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        case up = "hausse"
        case down = "baisse"

        /// `up`/`down` in the file, `hausse`/`baisse` accepted too.
        init?(text: String) {
            switch text.lowercased() {
            case "up", "hausse": self = .up
            case "down", "baisse": self = .down
            default: return nil
            }
        }

        public var key: String { self == .up ? "up" : "down" }
    }

    /// What the committee aims for on an indicator.
    public struct Target: Sendable, Hashable {
        /// A level to reach (at least for `up`, at most for `down`); `nil` when only a direction is aimed for.
        public var value: Double?
        public var direction: Direction

        public init(value: Double? = nil, direction: Direction) {
            self.value = value
            self.direction = direction
        }
    }

    /// An indicator followed: a scalar indicator, or one entry (`key`) of a table indicator.
    public struct Followed: Sendable, Hashable {
        public var indicator: String
        public var key: String?
        public var target: Target?
        public var note: String?

        public init(indicator: String, key: String? = nil, target: Target? = nil, note: String? = nil) {
            self.indicator = indicator
            self.key = key
            self.target = target
            self.note = note
        }

        /// Unique on the page: `chomage_taux`, `competences_en_demande-300408`.
        public var anchor: String { key.map { "\(indicator)-\(Slug.make($0))" } ?? indicator }
    }

    /// A committee meeting: the day, and what it was.
    public struct Meeting: Sendable, Hashable {
        /// `YYYY-MM-DD`.
        public var date: String
        public var label: String?

        public init(date: String, label: String? = nil) {
            self.date = date
            self.label = label
        }

        /// The end of the meeting's day (UTC): a value recorded before it was the one shown.
        public var endOfDay: Date? { DemarcheDefinition.day(date).map { $0.addingTimeInterval(86_400) } }
    }

    public var id: String
    public var title: String
    public var description: String?
    /// Shipped as an example, not a committee's own démarche.
    public var isExample: Bool
    public var territory: TerritoryID
    /// The period the démarche started: each indicator starts from its first period not before it.
    public var start: Period
    public var meetings: [Meeting]
    public var indicators: [Followed]
    public var region: TerritoryID?
    public var departement: TerritoryID?
    /// Comparable territories chosen by the committee.
    public var peers: [TerritoryID]
    /// The file, as shown in messages.
    public var path: String

    public init(id: String, title: String, description: String? = nil, isExample: Bool = false, territory: TerritoryID,
                start: Period, meetings: [Meeting] = [], indicators: [Followed], region: TerritoryID? = nil,
                departement: TerritoryID? = nil, peers: [TerritoryID] = [], path: String = "") {
        self.id = id
        self.title = title
        self.description = description
        self.isExample = isExample
        self.territory = territory
        self.start = start
        self.meetings = meetings
        self.indicators = indicators
        self.region = region
        self.departement = departement
        self.peers = peers
        self.path = path
    }

    /// The territories compared, in page order: région, département, then the peers.
    public var comparisons: [(role: String, territory: TerritoryID)] {
        var result: [(String, TerritoryID)] = []
        if let region { result.append(("region", region)) }
        if let departement { result.append(("departement", departement)) }
        result += peers.map { ("peer", $0) }
        return result
    }

    /// Every territory the page needs values for.
    public var territories: [TerritoryID] { [territory] + comparisons.map(\.territory) }

    /// The page's path without extension: `demarche/vierzon-industrie`.
    public var pagePath: String { "demarche/\(id)" }

    /// `2022-03-15` → midnight UTC of that day; `nil` when not a real day.
    public static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return date
    }

    /// The period of `kind` holding the day `date` (`2022-03-15` → `2022`, `2022-T1`, `2022-03`).
    public static func period(of date: String, kind: Period.Kind) -> Period? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        switch kind {
        case .year: return .year(parts[0])
        case .quarter: return .quarter(parts[0], (parts[1] - 1) / 3 + 1)
        case .month: return .month(parts[0], parts[1])
        }
    }

    /// The first month a period covers, to compare periods of different kinds.
    public static func firstMonth(_ period: Period) -> Int {
        switch period.kind {
        case .year: period.year * 12
        case .quarter: period.year * 12 + (period.index - 1) * 3
        case .month: period.year * 12 + period.index - 1
        }
    }
}

import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

extension DemarcheBuilder {
    /// The latest value as the site showed it at the meeting (the newest period recorded by then,
    /// each period at its last record before the end of the meeting's day) against today's.
    func sinceMeeting(_ meeting: DemarcheDefinition.Meeting, followed: DemarcheDefinition.Followed, territory: TerritoryID,
                      kind: Period.Kind?, latest: (period: Period, value: Value)?, unit: ObservatoryIndicators.Unit,
                      point: ((period: Period, value: Value)?) -> PointDoc?, changeDoc: (Reading) -> ChangeDoc) -> SinceMeetingDoc {
        let day = SitePage.frenchDay(date: meeting.date)
        let end = meeting.endOfDay ?? .distantPast
        let all = (data.history[followed.indicator] ?? []).filter { $0.territory == territory && $0.key == followed.key && $0.period.kind == kind }
        var byPeriod: [Period: HistoryRecord] = [:]
        for record in all.sorted(by: { $0.recordedAt < $1.recordedAt }) where (record.date ?? .distantFuture) < end {
            byPeriod[record.period] = record
        }
        let current = point(latest)
        guard let shownRecord = byPeriod.values.filter({ $0.lower != nil }).max(by: { $0.period < $1.period }) else {
            let first = all.map(\.recordedAt).min().map { " (premier enregistrement : \(SitePage.frenchDay($0)))" } ?? ""
            return SinceMeetingDoc(meeting: meeting.date, shown: nil, current: current, change: nil, moved: false,
                                   text: "L'historique ne remonte pas à la réunion du \(day)\(first) : la valeur montrée ce jour-là n'est pas connue.")
        }
        let shownValue = Value(lower: shownRecord.lower, upper: shownRecord.upper, maskedCells: shownRecord.maskedCells,
                               extent: shownRecord.approximate ? Extent(coverage: 1, apportioned: 1, key: .population) : nil,
                               reason: nil, sources: [])
        var shown = point((shownRecord.period, shownValue))
        shown?.approximate = shownRecord.approximate
        shown?.text = FollowUpMath.text(shownRecord.reading, unit: unit)
        guard let latest else {
            return SinceMeetingDoc(meeting: meeting.date, shown: shown, current: nil, change: nil, moved: true,
                                   text: "Réunion du \(day) : \(shown?.text ?? "") (\(shownRecord.period.frenchLabel)) ; plus de valeur aujourd'hui.")
        }
        let now = Reading(latest.value)
        let moved = latest.period != shownRecord.period || !(now.lower == shownRecord.lower && now.upper == shownRecord.upper
                                                             && now.maskedCells == shownRecord.maskedCells)
        guard moved else {
            return SinceMeetingDoc(meeting: meeting.date, shown: shown, current: current, change: nil, moved: false,
                                   text: "Inchangé depuis la réunion du \(day) : \(FollowUpMath.text(now, unit: unit)) (\(latest.period.frenchLabel)).")
        }
        let changeUnit = FollowUpMath.changeUnit(unit)
        let difference = latest.period == shownRecord.period && shownRecord.checksums == Set(latest.value.sources.map(\.sha256))
            ? nil : FollowUpMath.change(from: shownRecord.reading, to: now)
        let what = latest.period == shownRecord.period ? "même période, valeur révisée" : "nouvelle période publiée"
        var text = "Depuis la réunion du \(day) (\(what)) : \(FollowUpMath.text(shownRecord.reading, unit: unit)) (\(shownRecord.period.frenchLabel)) → \(FollowUpMath.text(now, unit: unit)) (\(latest.period.frenchLabel))"
        let delta = difference ?? FollowUpMath.change(from: shownRecord.reading, to: now)
        text += ", soit \(FollowUpMath.changeText(delta, unit: changeUnit))."
        return SinceMeetingDoc(meeting: meeting.date, shown: shown, current: current, change: changeDoc(delta), moved: true, text: text)
    }

    /// The trajectory since a year before the start: the territory and (for rates, shares and
    /// indices) its comparisons, the start and the meetings as rules.
    func chartSpec(_ followed: DemarcheDefinition.Followed, indicator: CheckedIndicator, demarche: DemarcheDefinition,
                   kind: Period.Kind?, meetings: [MeetingDoc], notes: inout [String]) -> ChartSpec? {
        guard let kind else { return nil }
        let unit = indicator.definition.unit
        let from = DemarcheDefinition.firstMonth(demarche.start) - 12
        let builder = DashboardBuilder(data: data)
        func points(_ territory: TerritoryID) -> [ChartSpec.Point] {
            series(followed, territory).filter { $0.period.kind == kind && DemarcheDefinition.firstMonth($0.period) >= from }
                .map { builder.point($0.value, unit: unit, period: $0.period) }
        }
        let isLevel = unit == .count || unit == .euros
        var rows = [demarche.territory]
        if !isLevel { rows += demarche.comparisons.map(\.territory).prefix(6) }
        let all = rows.map { (data.name($0), points($0)) }.filter { !$0.1.isEmpty }
        guard let subject = all.first, subject.1.contains(where: { $0.value != nil || $0.status == .masked }) else { return nil }
        let style = UnitStyle(unit, values: all.flatMap { $0.1.compactMap(\.value) })
        if isLevel, !demarche.comparisons.isEmpty {
            notes.append("Les niveaux des territoires comparés ne sont pas à la même échelle : seule la courbe du territoire est tracée ; les évolutions sont comparées dans le tableau.")
        }
        let startPeriod = DemarcheDefinition.period(of: String(format: "%04d-%02d-01", DemarcheDefinition.firstMonth(demarche.start) / 12,
                                                                DemarcheDefinition.firstMonth(demarche.start) % 12 + 1), kind: kind)
        var rules: [ChartSpec.RuleSpec] = startPeriod.map { [.init(period: $0, label: "Début", style: "solid")] } ?? []
        for (meeting, doc) in zip(demarche.meetings, meetings) {
            if let period = DemarcheDefinition.period(of: meeting.date, kind: kind) {
                rules.append(.init(period: period, label: doc.mark, style: "dashed"))
            }
        }
        if !meetings.isEmpty {
            notes.append("Repères du graphique : Début = \(demarche.start.frenchLabel) ; " + zip(demarche.meetings, meetings).map { meeting, doc in
                "\(doc.mark) = réunion du \(SitePage.frenchDay(date: meeting.date))\(meeting.label.map { " (\($0))" } ?? "")"
            }.joined(separator: " ; ") + ".")
        }
        let periods = subject.1.compactMap(\.period)
        let label = followed.key.map { " — " + data.label(indicator.definition.breakdown?.dimension ?? "", $0) } ?? ""
        return ChartSpec(kind: .line, title: indicator.definition.title + label,
                         subtitle: "\(data.name(demarche.territory)), \(periods.first?.frenchLabel ?? "") – \(periods.last?.frenchLabel ?? "")",
                         unitLabel: style.unitLabel, format: style.format, decimals: style.decimals, source: indicator.definition.source,
                         vintage: periods.last?.frenchLabel, width: 640, height: 340,
                         series: all.map { .init(name: $0.0, points: $0.1.map(style.scaled)) },
                         id: "d-" + Slug.make(followed.anchor), rules: rules)
    }
}

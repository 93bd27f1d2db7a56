import Foundation
import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

/// Builds a démarche's follow-up document from ``ExportData``: per indicator, start → latest for
/// the territory and its comparisons, the differences in changes, revisions from the history, the
/// value shown at the last meeting, targets, and a trajectory chart. Pure: same data, same document.
public struct DemarcheBuilder: Sendable {
    public var data: ExportData

    public init(data: ExportData) { self.data = data }

    /// Printed on every follow-up page.
    public static let caveats = [
        "Une différence d'évolutions (l'évolution du territoire moins celle d'un territoire de comparaison) décrit une association, pas un effet : elle ne mesure pas ce que la démarche a produit. La conjoncture, l'ouverture ou la fermeture d'un établissement, un changement de nomenclature jouent aussi, et pas de la même façon partout.",
        "Les territoires de comparaison ont été choisis par le comité : d'autres choix donneraient d'autres écarts. La région et le département contiennent le bassin, leur évolution inclut donc la sienne.",
        "Une valeur soumise au secret statistique est un intervalle, jamais zéro : l'évolution de [c ; d] à [a ; b] est l'intervalle [a − d ; b − c], et un écart d'évolutions est un intervalle lui aussi. Une valeur approchée (≈) le reste dans l'évolution et n'est jamais un chiffre clé.",
        "Le point de départ de chaque indicateur est sa première période publiée depuis le début de la démarche, la dernière valeur la plus récente publiée ; un territoire de comparaison est lu aux mêmes périodes quand il les a, sinon la note le dit.",
        "Les producteurs révisent parfois leurs fichiers : une valeur qui a changé depuis un précédent rafraîchissement est signalée (« révisé le … : ancienne valeur → nouvelle valeur ») avec le fichier qui l'a changée ; un recalcul sur les mêmes fichiers (méthode ou territoire modifiés) est signalé à part.",
    ]

    public static func link(_ demarche: DemarcheDefinition) -> DemarcheLink {
        DemarcheLink(id: demarche.id, title: demarche.title, example: demarche.isExample, html: "\(demarche.pagePath).html")
    }

    public func document(_ demarche: DemarcheDefinition) -> DemarcheDocument {
        var sources = SourceCollector(data: data)
        let territories = Set(demarche.territories)
        let records = demarche.indicators.flatMap { followed in
            (data.history[followed.indicator] ?? []).filter { territories.contains($0.territory) && $0.key == followed.key }
        }
        let asOf = records.map(\.recordedAt).max()
        let asOfDate = asOf.flatMap { ISO8601DateFormatter().date(from: $0) }
        let meetings = demarche.meetings.enumerated().map { index, meeting in
            MeetingDoc(date: meeting.date, label: meeting.label, mark: "R\(index + 1)",
                       status: asOfDate.map { date in (meeting.endOfDay ?? .distantFuture) <= date ? "past" : "upcoming" } ?? "no_history")
        }
        let lastMeeting = asOfDate.flatMap { date in demarche.meetings.last { ($0.endOfDay ?? .distantFuture) <= date } }
        let indicators = demarche.indicators.compactMap { followed in
            followedDoc(followed, demarche: demarche, meetings: meetings, lastMeeting: lastMeeting, sources: &sources)
        }
        let path = demarche.pagePath
        return DemarcheDocument(
            schemaVersion: DemarcheDocument.schemaVersion,
            demarche: DemarcheRef(id: demarche.id, title: demarche.title, description: demarche.description, example: demarche.isExample,
                                  start: demarche.start.description, html: "\(path).html", json: "data/\(path).json", csv: "csv/\(path).csv"),
            territory: data.ref(demarche.territory),
            comparisons: demarche.comparisons.map { ReferenceRef(role: $0.role, territory: data.ref($0.territory)) },
            meetings: meetings, historyAsOf: asOf, historySince: records.map(\.recordedAt).min(),
            indicators: indicators, caveats: Self.caveats, sources: sources.documents)
    }

    /// The series of a followed value: its scalar, or its table's entry.
    func series(_ followed: DemarcheDefinition.Followed, _ territory: TerritoryID) -> [(period: Period, value: Value)] {
        let list = data.demarcheValues[followed.indicator]?[territory] ?? data.values[followed.indicator]?[territory] ?? []
        return list.map { entry in
            switch entry.result {
            case .scalar(let value): (entry.period, value)
            case .table(let table): (entry.period, table[followed.key ?? ""] ?? .none(.noEntry(key: followed.key ?? "")))
            }
        }
    }

    func followedDoc(_ followed: DemarcheDefinition.Followed, demarche: DemarcheDefinition, meetings: [MeetingDoc],
                     lastMeeting: DemarcheDefinition.Meeting?, sources: inout SourceCollector) -> FollowedDoc? {
        guard let indicator = data.library.indicator(followed.indicator) else { return nil }
        let unit = indicator.definition.unit
        let changeUnit = FollowUpMath.changeUnit(unit)
        let subjectSeries = series(followed, demarche.territory)
        let kind = subjectSeries.last { $0.value.hasValue }?.period.kind ?? subjectSeries.last?.period.kind
        let startMonth = DemarcheDefinition.firstMonth(demarche.start)
        func inScope(_ list: [(period: Period, value: Value)]) -> [(period: Period, value: Value)] {
            list.filter { $0.period.kind == kind && DemarcheDefinition.firstMonth($0.period) >= startMonth && $0.value.hasValue }
        }
        let subjectStart = inScope(subjectSeries).first, subjectLatest = inScope(subjectSeries).last
        let history = Dictionary(grouping: data.history[followed.indicator] ?? [], by: \.slot)
        var notes: [String] = []
        if let note = followed.note { notes.append(note) }
        if let subjectStart, subjectStart.period != demarche.start, DemarcheDefinition.firstMonth(subjectStart.period) > startMonth
            || subjectStart.period.kind != demarche.start.kind {
            notes.append("Première période publiée depuis le début de la démarche (\(demarche.start.frenchLabel)) : \(subjectStart.period.frenchLabel).")
        }
        if subjectStart == nil {
            let last = subjectSeries.last { $0.value.hasValue }
            notes.append(last.map { "Aucune valeur publiée depuis le début de la démarche (\(demarche.start.frenchLabel)) ; la dernière est de \($0.period.frenchLabel)." }
                         ?? "Pas de valeur pour ce territoire.")
        }

        func point(_ entry: (period: Period, value: Value)?) -> PointDoc? {
            guard let entry else { return nil }
            let reading = Reading(entry.value)
            return PointDoc(period: entry.period.description, status: reading.status, lower: entry.value.lower, upper: entry.value.upper,
                            maskedCells: entry.value.maskedCells, approximate: reading.approximate,
                            reason: entry.value.lower == nil ? entry.value.missingReason?.french : nil,
                            text: DashboardBuilder.text(entry.value, unit: unit),
                            sources: entry.value.sources.sorted().map { sources.add($0) })
        }
        func changeDoc(_ reading: Reading) -> ChangeDoc {
            ChangeDoc(status: reading.status, lower: reading.lower, upper: reading.upper, maskedCells: reading.maskedCells,
                      approximate: reading.approximate, direction: FollowUpMath.direction(of: reading).rawValue,
                      text: FollowUpMath.changeText(reading, unit: changeUnit))
        }
        func change(_ start: (period: Period, value: Value)?, _ latest: (period: Period, value: Value)?) -> Reading {
            guard let start, let latest else { return Reading(lower: nil, upper: nil, missing: "aucune valeur depuis le début de la démarche") }
            guard start.period != latest.period else {
                return Reading(lower: nil, upper: nil, missing: "une seule période publiée depuis le début de la démarche : pas d'évolution mesurable")
            }
            return FollowUpMath.change(from: Reading(start.value), to: Reading(latest.value))
        }

        let subjectChange = change(subjectStart, subjectLatest)
        var rows: [FollowRowDoc] = []
        for (role, territory) in [("subject", demarche.territory)] + demarche.comparisons {
            let list = series(followed, territory)
            var start = subjectStart, latest = subjectLatest
            var rowNote: String?
            if territory != demarche.territory {
                let scoped = inScope(list)
                start = subjectStart.flatMap { s in scoped.first { $0.period == s.period } } ?? scoped.first
                latest = subjectLatest.flatMap { l in scoped.first { $0.period == l.period } } ?? scoped.last
                let differs = (start?.period != subjectStart?.period) || (latest?.period != subjectLatest?.period)
                if start == nil { rowNote = "\(data.name(territory)) : pas de valeur depuis le début de la démarche." }
                else if differs, let start, let latest {
                    rowNote = "\(data.name(territory)) : lu de \(start.period.frenchLabel) à \(latest.period.frenchLabel), ses périodes publiées, pas celles du territoire suivi."
                }
            }
            let rowChange = territory == demarche.territory ? subjectChange : change(start, latest)
            var revisions: [Revision] = []
            for period in Set([start?.period, latest?.period].compactMap { $0 }).sorted() {
                revisions += HistoryRecord.revisions(history["\(territory)|\(period)|\(followed.key ?? "")"] ?? [], unit: unit)
            }
            rows.append(FollowRowDoc(territory: territory.description, role: role, start: point(start), latest: point(latest),
                                     change: changeDoc(rowChange),
                                     difference: role == "subject" ? nil : changeDoc(FollowUpMath.difference(subjectChange, rowChange)),
                                     revisions: revisions, note: rowNote))
            if let rowNote { notes.append(rowNote) }
        }
        let masked = [subjectStart, subjectLatest].compactMap { $0?.value.maskedCells }.reduce(0, +)
        if masked > 0 {
            notes.append("\(data.name(demarche.territory)) : \(ValueFormatter.maskedCells(masked)) par le secret statistique au départ et à la dernière période ; l'évolution est un intervalle.")
        }
        if subjectChange.approximate {
            notes.append("\(data.name(demarche.territory)) : valeurs approchées (le territoire n'est pas une union des unités de la source) ; l'évolution l'est aussi.")
        }

        var target: TargetDoc?
        if let goal = followed.target {
            let status = FollowUpMath.target(goal, latest: subjectLatest.map { Reading($0.value) } ?? Reading(lower: nil, upper: nil, missing: "aucune valeur depuis le début de la démarche"),
                                             change: subjectChange)
            let what = goal.value.map { "\(goal.direction == .up ? "au moins" : "au plus") \(ValueFormatter.number($0, unit: unit))" }
                ?? (goal.direction == .up ? "une hausse depuis le début" : "une baisse depuis le début")
            let approximate = subjectChange.approximate || (subjectLatest.map { Reading($0.value).approximate } ?? false)
            target = TargetDoc(value: goal.value, direction: goal.direction.key, status: status.rawValue,
                               text: "Cible : \(what) — \(FollowUpMath.targetText(status, approximate: approximate))")
        }

        let since = lastMeeting.map { sinceMeeting($0, followed: followed, territory: demarche.territory, kind: kind,
                                                   latest: subjectLatest, unit: unit, point: point, changeDoc: changeDoc) }
        let chart = chartSpec(followed, indicator: indicator, demarche: demarche, kind: kind, meetings: meetings, notes: &notes)
        let used = Set(rows.flatMap { ($0.start?.sources ?? []) + ($0.latest?.sources ?? []) }).sorted()
        let label = followed.key.map { data.label(indicator.definition.breakdown?.dimension ?? "", $0) }
        return FollowedDoc(anchor: followed.anchor, indicator: indicator.id, key: followed.key, label: label,
                           title: indicator.definition.title + (label.map { " — \($0)" } ?? ""), unit: unit.rawValue,
                           changeUnit: changeUnit.rawValue, note: followed.note, target: target, rows: rows,
                           sinceLastMeeting: since, chart: chart,
                           chartFile: chart.map { _ in "svg/\(demarche.pagePath)/\(Slug.make(followed.anchor)).svg" },
                           notes: notes, sources: used)
    }
}

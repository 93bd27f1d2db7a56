import Foundation
import Observatory
import ObservatoryCore
import ObservatoryIndicators

/// Computed values as a terminal table, CSV (`;`, UTF-8 with BOM, decimal comma) or JSON.
enum ComputedTable {
    struct Line {
        var indicator: String
        var territory: TerritoryID
        var period: Period
        var key: String?
        var value: Value
        var unit: ObservatoryIndicators.Unit
    }

    static func lines(_ values: [ComputedValue]) -> [Line] {
        values.flatMap(lines(of:))
    }

    /// The lines of one computed value: a scalar, or a table's entries (its top when the indicator says so).
    static func lines(of computed: ComputedValue) -> [Line] {
        switch computed.result {
        case .scalar(let value):
            return [Line(indicator: computed.indicator.id, territory: computed.territory, period: computed.period,
                         key: nil, value: value, unit: computed.indicator.unit)]
        case .table(let table):
            let entries = computed.indicator.definition.breakdown?.top.map { table.ranked(first: $0) } ?? table.ranked
            if entries.isEmpty {
                return [Line(indicator: computed.indicator.id, territory: computed.territory, period: computed.period,
                             key: nil, value: .none(.noData), unit: computed.indicator.unit)]
            }
            return entries.map { Line(indicator: computed.indicator.id, territory: computed.territory, period: computed.period,
                                      key: $0.key, value: $0.value, unit: computed.indicator.unit) }
        }
    }

    static func text(_ values: [ComputedValue], names: [TerritoryID: String]) -> String {
        var output: [String] = []
        for line in lines(values) {
            let place = "\(line.territory) \(names[line.territory] ?? "")".trimmingCharacters(in: .whitespaces)
            let label = line.key.map { "\(line.indicator) [\($0)]" } ?? line.indicator
            let sources = line.value.sources.sorted().map { "\($0.dataset) \($0.vintage)" }.joined(separator: ", ")
            output.append([label, place, line.period.frenchLabel, ValueFormatter.englishText(line.value, unit: line.unit),
                           sources.isEmpty ? "" : "[\(sources)]"].joined(separator: "  |  "))
        }
        return output.joined(separator: "\n")
    }

    static func csv(_ values: [ComputedValue], names: [TerritoryID: String]) -> String {
        var text = ""
        csv(values, names: names) { text += $0 }
        return text
    }

    /// The CSV written in pieces to `write`, a computed value at a time: the whole table of a run
    /// over every territory is never held as one string.
    static func csv(_ values: [ComputedValue], names: [TerritoryID: String], header: Bool = true, write: (String) -> Void) {
        // Byte by byte: Foundation's search and replace per number was a twentieth of `compute --all`.
        func decimal(_ value: Double?) -> String {
            value.map { String(decoding: String($0).utf8.map { $0 == 0x2E ? 0x2C : $0 }, as: UTF8.self) } ?? ""
        }
        func quoted(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == 0x3B || $0 == 0x22 || $0 == 0x0A }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        // Most values share a handful of source sets: each is spelled out once.
        var spelled: [SourceSet: String] = [:]
        func sources(_ value: Value) -> String {
            if let known = spelled[value.sourceIDs] { return known }
            let text = quoted(value.sources.sorted().map { "\($0.dataset)@\($0.vintage):\($0.sha256.prefix(12))" }.joined(separator: " "))
            spelled[value.sourceIDs] = text
            return text
        }
        var buffer = !header ? "" : "\u{FEFF}indicateur;territoire;nom;periode;cle;valeur;borne_basse;borne_haute;unite;statut;cellules_masquees;couverture;raison;sources\r\n"
        for computed in values {
            for line in lines(of: computed) {
                let exact = line.value.status == .ok || line.value.status == .approximate
                buffer += [line.indicator, line.territory.description, quoted(names[line.territory] ?? ""), line.period.description,
                           quoted(line.key ?? ""), exact ? decimal(line.value.lower) : "", decimal(line.value.lower), decimal(line.value.upper),
                           line.unit.rawValue, ValueFormatter.statusLabel(line.value.status), String(line.value.maskedCells),
                           decimal(line.value.coverage), quoted(line.value.missingReason?.french ?? ""), sources(line.value)
                ].joined(separator: ";")
                buffer += "\r\n"
            }
            if buffer.utf8.count > 1 << 16 {
                write(buffer)
                buffer = ""
            }
        }
        write(buffer)
    }

    static func json(_ values: [ComputedValue]) -> String {
        let objects: [[String: Any]] = lines(values).map { line in
            var object: [String: Any] = ["indicator": line.indicator, "territory": line.territory.description,
                                         "period": line.period.description, "unit": line.unit.rawValue,
                                         "status": line.value.status.rawValue, "masked_cells": line.value.maskedCells]
            if let key = line.key { object["key"] = key }
            if let lower = line.value.lower { object["lower"] = lower }
            if let upper = line.value.upper { object["upper"] = upper }
            if line.value.status == .ok || line.value.status == .approximate, let value = line.value.lower { object["value"] = value }
            if let coverage = line.value.coverage { object["coverage"] = coverage }
            if let reason = line.value.reason { object["reason"] = reason }
            object["sources"] = line.value.sources.sorted().map { ["dataset": $0.dataset, "vintage": $0.vintage, "file": $0.file, "sha256": $0.sha256] }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation

/// Reductions and transforms over tables.
extension Evaluator {
    static func reduce(_ name: String, _ table: Table) -> Value {
        let values = table.entries.map(\.value)
        guard !values.isEmpty else { return .none(.emptyTable) }
        switch name {
        case "sum", "mean":
            var total = values.reduce(Value.exact(0)) { Value.combine($0, $1, .add) }
            // Entries that share masked cells (a crosswalk's spread) hold each of them once.
            if let shared = table.sharedMaskedCells { total.maskedCells = shared }
            return name == "sum" ? total : total.scaled(by: 1 / Double(values.count))
        case "count":
            let known = values.filter { $0.status != .noValue }
            var result = Value.exact(Double(known.filter { ($0.number ?? 0) != 0 }.count),
                                     sourceIDs: values.reduce(into: SourceSet()) { $0.formUnion($1.sourceIDs) })
            result.extent = values.reduce(nil) { Extent.merge($0, $1.extent) }
            return result
        default:
            let known = values.filter(\.hasValue)
            guard let best = (name == "min" ? known.min { $0.number! < $1.number! } : known.max { $0.number! < $1.number! }) else {
                return .none(.noEntryHasValue)
            }
            return best
        }
    }

    /// Each entry over the table's total.
    static func shares(_ table: Table) -> Table {
        let total = reduce("sum", table)
        // Every share reads the total: the masked cells under it are the table's, each once (an
        // entry's own cells are among the total's).
        let masked = table.maskedCells
        return Table(dimension: table.dimension, entries: table.entries.map {
            var share = Value.combine($0.value, total, .divide)
            share.maskedCells = masked
            return .init(key: $0.key, value: share)
        }, sharedMaskedCells: masked)
    }

    /// ½ Σ |s_ir − s_iR| over the union of entries.
    static func krugman(_ local: Table, _ wide: Table) -> Value {
        let keys = Set(local.entries.map(\.key)).union(wide.entries.map(\.key))
        var total = Value.exact(0)
        for key in keys.sorted() {
            let difference = Value.combine(local[key] ?? .exact(0), wide[key] ?? .exact(0), .subtract)
            guard let low = difference.lower, let high = difference.upper else { return .none(difference.missingReason ?? .maskedShares) }
            var absolute = difference
            absolute.lower = low >= 0 ? low : (high <= 0 ? -high : 0)
            absolute.upper = max(abs(low), abs(high))
            total = Value.combine(total, absolute, .add)
        }
        return total.scaled(by: 0.5)
    }

    static func ranks(_ table: Table) -> Table {
        let ranked = table.ranked
        return Table(dimension: table.dimension, entries: ranked.enumerated().map { index, entry in
            .init(key: entry.key, value: entry.value.hasValue ? .exact(Double(index + 1), sourceIDs: entry.value.sourceIDs)
                                                              : .none(entry.value.missingReason ?? .noValue))
        })
    }

    static func zscores(_ table: Table) -> Table {
        let numbers = table.entries.compactMap { $0.value.status == .ok || $0.value.status == .approximate ? $0.value.number : nil }
        guard numbers.count > 1 else {
            return Table(dimension: table.dimension, entries: table.entries.map { .init(key: $0.key, value: .none(.tooFewValues)) })
        }
        let mean = numbers.reduce(0, +) / Double(numbers.count)
        let deviation = (numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count)).squareRoot()
        return Table(dimension: table.dimension, entries: table.entries.map { entry in
            guard deviation > 0, let number = entry.value.number, entry.value.status != .masked else {
                return .init(key: entry.key, value: .none(deviation > 0 ? .maskedOrMissingEntry : .allEntriesEqual))
            }
            var value = Value.exact((number - mean) / deviation, sourceIDs: entry.value.sourceIDs)
            value.extent = entry.value.extent
            return .init(key: entry.key, value: value)
        })
    }
}

/// Shift-share decomposition of a change between two periods.
enum ShiftShare {
    /// National NS = Σ E⁰_ir·g_R, mix IM = Σ E⁰_ir·(g_iR − g_R), competitive CE = Σ E⁰_ir·(g_ir − g_iR);
    /// NS + IM + CE = the territory's actual change.
    static func components(local: (before: Table, now: Table), reference: (before: Table, now: Table)) -> Table {
        func growth(_ now: Value, _ before: Value) -> Value {
            Value.combine(Value.combine(now, before, .divide), .exact(1), .subtract)
        }
        let gR = growth(Evaluator.reduce("sum", reference.now), Evaluator.reduce("sum", reference.before))
        var national = Value.exact(0), mix = Value.exact(0), competitive = Value.exact(0)
        for entry in local.before.entries {
            let e0 = entry.value
            let giR = growth(reference.now[entry.key] ?? .none(.absentFromReference),
                             reference.before[entry.key] ?? .none(.absentFromReference))
            let gir = growth(local.now[entry.key] ?? .exact(0), e0)
            national = Value.combine(national, Value.combine(e0, gR, .multiply), .add)
            mix = Value.combine(mix, Value.combine(e0, Value.combine(giR, gR, .subtract), .multiply), .add)
            competitive = Value.combine(competitive, Value.combine(e0, Value.combine(gir, giR, .subtract), .multiply), .add)
        }
        return Table(dimension: "composante", entries: [
            .init(key: "national", value: national), .init(key: "mix", value: mix), .init(key: "competitive", value: competitive),
        ])
    }
}

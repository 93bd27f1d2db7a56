/// The computations behind the competence, crosswalk and passerelle functions, pure over a
/// ``SkillsReferential`` (tested without a store).
public enum SkillsMath {
    /// The crosswalk whose nomenclature knows most of the codes (BMO changed from FAP-2009 to
    /// FAP-2021 in 2024; a few codes exist in both); `nil` when none knows any.
    public static func crosswalk(for codes: [String], in referential: SkillsReferential) -> SkillsReferential.Crosswalk? {
        let scored = referential.crosswalks.map { crosswalk in (crosswalk, codes.filter { crosswalk.codes.contains($0) }.count) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    /// The crosswalk of a table: the one of the nomenclature the catalogue declares for the
    /// table's dataset vintage and dimension (`nomenclatures: {metier: FAP-2021}`), else the one
    /// recognised from the codes. `declared` is the declared nomenclature, if any — with no
    /// crosswalk when none of that nomenclature is stored.
    public static func crosswalk(for table: Table, in referential: SkillsReferential)
        -> (crosswalk: SkillsReferential.Crosswalk?, declared: String?) {
        var declared = Set<String>()
        for entry in table.entries {
            for source in entry.value.sources {
                if let name = referential.declared["\(source.dataset)/\(source.vintage)/\(table.dimension)"] { declared.insert(name) }
            }
        }
        if declared.count == 1, let name = declared.first {
            return (referential.crosswalks.first { $0.nomenclature == name && !$0.links.isEmpty }, name)
        }
        return (crosswalk(for: table.entries.map(\.key), in: referential), nil)
    }

    /// The ROME 4.0 métiers of a FAP code and their weights, summing to 1; empty when unmapped.
    /// Where the crosswalk has passage-table rows for the code (FAP-2021), each ROME métier
    /// weighs the number of its (ROME, qualification) rows that fall in the code; otherwise the
    /// n ROME métiers get 1/n each. ROME codes that the ROME 4.0 no longer has are left out.
    public static func weights(of fap: String, _ crosswalk: SkillsReferential.Crosswalk,
                               metiers: Set<String>) -> [(rome: String, weight: Double)] {
        if let rows = crosswalk.rows[fap] {
            let kept = rows.filter { metiers.isEmpty || metiers.contains($0.key) }.sorted { $0.key < $1.key }
            let total = kept.reduce(0) { $0 + $1.value }
            guard total > 0 else { return [] }
            return kept.map { ($0.key, Double($0.value) / Double(total)) }
        }
        let romes = (crosswalk.links[fap] ?? []).filter { metiers.isEmpty || metiers.contains($0) }
        return romes.map { ($0, 1 / Double(romes.count)) }
    }

    /// The crosswalk's ROME codes that are not ROME 4.0 métiers (left out of the weights).
    public static func retiredRomeCodes(_ crosswalk: SkillsReferential.Crosswalk, metiers: Set<String>) -> [String] {
        guard !metiers.isEmpty else { return [] }
        return Set(crosswalk.links.values.joined()).subtracting(metiers).sorted()
    }

    /// A table keyed by FAP codes spread over ROME métiers (a table keyed `rome`), and the codes
    /// left unmapped (no crosswalk, or no ROME 4.0 métier among their links). A masked cell
    /// spread over several métiers is counted once in the table's masked cells.
    public static func toRome(_ table: Table, _ referential: SkillsReferential) -> (table: Table, unmapped: [String],
                                                                                   crosswalk: SkillsReferential.Crosswalk?) {
        guard let crosswalk = crosswalk(for: table, in: referential).crosswalk else {
            return (Table(dimension: "rome", entries: [], sharedMaskedCells: 0), table.entries.map(\.key).sorted(), nil)
        }
        // Sums are built without provenance (set unions per link are the cost); every ROME
        // entry then carries the table's files and the crosswalk's.
        var sums: [String: Value] = [:]
        var unmapped: [String] = []
        var sources = crosswalk.sources
        var masked = 0
        var origins: [String: [String: Int]] = [:]
        for entry in table.entries {
            let shares = weights(of: entry.key, crosswalk, metiers: referential.metiers)
            if shares.isEmpty { unmapped.append(entry.key); continue }
            sources.formUnion(entry.value.sources)
            masked += entry.value.maskedCells
            var bare = entry.value
            bare.sources = []
            for (rome, weight) in shares {
                let part = bare.scaled(by: weight)
                sums[rome] = sums[rome].map { Value.combine($0, part, .add) } ?? part
                if entry.value.maskedCells > 0 { origins[rome, default: [:]][entry.key] = entry.value.maskedCells }
            }
        }
        return (Table(dimension: "rome", entries: sums.keys.sorted().map { key in
                    var value = sums[key]!
                    value.sources = sources
                    return .init(key: key, value: value)
                }, sharedMaskedCells: masked, maskedOrigins: origins),
                unmapped.sorted(), crosswalk)
    }

    /// The share of a FAP table's total in codes that have ROME métiers. With masked cells, the
    /// interval of M / (M + U) over the mapped (M) and unmapped (U) intervals: never above 100 %.
    public static func mappedShare(_ table: Table, _ referential: SkillsReferential) -> Value {
        let unmapped = Set(toRome(table, referential).unmapped)
        func total(_ entries: [Table.Entry]) -> Value {
            entries.isEmpty ? .exact(0) : Evaluator.reduce("sum", Table(dimension: table.dimension, entries: entries))
        }
        let mapped = total(table.entries.filter { !unmapped.contains($0.key) })
        let left = total(table.entries.filter { unmapped.contains($0.key) })
        let whole = Value.combine(mapped, left, .add)
        guard let ml = mapped.lower, let ul = left.lower, ml + ul > 0 else {
            return .none(whole.reason ?? "no recruitment projects", sources: whole.sources)
        }
        var share = whole
        share.lower = left.upper.map { ml / (ml + $0) } ?? 0
        share.upper = mapped.upper.map { $0 + ul > 0 ? $0 / ($0 + ul) : 1 } ?? 1
        share.reason = nil
        return share
    }

    /// The rubriques a kind argument selects.
    static func kinds(_ kind: String) -> Set<String>? {
        kind == "all" ? nil : [kind]
    }

    /// A ROME table spread over competences: each competence of a métier receives the métier's
    /// value × 1, or × `coreWeight` when it is cœur de métier; summed over métiers (a table keyed
    /// `competence`).
    public static func competences(_ table: Table, kind: String, coreWeight: Double,
                                   _ referential: SkillsReferential) -> Table {
        let wanted = kinds(kind)
        // Sums without provenance, then the table's files and the ROME's on every competence:
        // set unions per (métier, competence) pair were nearly all of the time.
        var sums: [String: Value] = [:]
        var sources = referential.romeSources
        // Where each competence's masked cells come from: the input's origins (the BMO métiers
        // `to_rome` spread) when it has them, else its own entries; a cell reaching a competence
        // through several ROME métiers is then counted once.
        var origins: [String: [String: Int]] = [:]
        var all: [String: Int] = [:]
        for entry in table.entries {
            guard let uses = referential.competences[entry.key] else { continue }
            sources.formUnion(entry.value.sources)
            let from = table.maskedOrigins?[entry.key] ?? (entry.value.maskedCells > 0 ? [entry.key: entry.value.maskedCells] : [:])
            all.merge(from) { first, _ in first }
            var bare = entry.value
            bare.sources = []
            let core = bare.scaled(by: coreWeight)
            for use in uses where wanted?.contains(use.kind) ?? true {
                let part = use.isCore ? core : bare
                sums[use.code] = sums[use.code].map { Value.combine($0, part, .add) } ?? part
                if !from.isEmpty { origins[use.code, default: [:]].merge(from) { first, _ in first } }
            }
        }
        return Table(dimension: "competence", entries: sums.keys.sorted().map { key in
            var value = sums[key]!
            value.sources = sources
            value.maskedCells = origins[key]?.values.reduce(0, +) ?? 0
            return .init(key: key, value: value)
        }, sharedMaskedCells: all.values.reduce(0, +), maskedOrigins: origins)
    }

    /// For each competence, the number of the table's métiers with a non-zero value (a
    /// comparison's 1s: the métiers in tension) that call for it.
    public static func sharedCompetences(_ table: Table, kind: String, _ referential: SkillsReferential) -> Table {
        let wanted = kinds(kind)
        var counts: [String: Int] = [:]
        var sources = referential.romeSources
        for entry in table.entries where (entry.value.number ?? 0) != 0 && entry.value.status != .masked {
            sources.formUnion(entry.value.sources)
            for use in referential.competences[entry.key] ?? [] where wanted?.contains(use.kind) ?? true {
                counts[use.code, default: 0] += 1
            }
        }
        return Table(dimension: "competence", entries: counts.keys.sorted().map {
            .init(key: $0, value: .exact(Double(counts[$0]!), sources: sources))
        })
    }

    /// The share of a ROME table's total in métiers flagged for each transition (a table keyed `transition`).
    public static func transitionShares(_ table: Table, _ referential: SkillsReferential) -> Table {
        let total = Evaluator.reduce("sum", table)
        return Table(dimension: "transition", entries: SkillsReferential.transitionNames.map { name in
            let flagged = table.entries.filter { referential.transitions[$0.key]?.contains(name) ?? false }
            var part = flagged.isEmpty ? Value.exact(0, sources: total.sources)
                                       : Evaluator.reduce("sum", Table(dimension: "rome", entries: flagged))
            part.sources.formUnion(referential.romeSources)
            var share = Value.combine(part, total, .divide)
            // The share reads the whole table: its masked cells are the table's, each once.
            share.maskedCells = table.maskedCells
            return .init(key: name, value: share)
        }, sharedMaskedCells: table.maskedCells)
    }

    /// |A ∩ B| / |A ∪ B|; 1 for two empty sets (identical).
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }

    /// The competence codes of a métier.
    public static func competenceSet(_ rome: String, _ referential: SkillsReferential) -> Set<String> {
        Set((referential.competences[rome] ?? []).map(\.code))
    }

    /// Thresholds of ``passerelles(jobseekers:tension:thresholds:_:)``.
    public struct Thresholds: Sendable, Hashable {
        /// A source métier has at least this many jobseekers…
        public var minJobseekers: Double
        /// …and a tension at most this.
        public var maxSourceTension: Double
        /// A target métier has a tension at least this.
        public var minTargetTension: Double

        public init(minJobseekers: Double, maxSourceTension: Double, minTargetTension: Double) {
            self.minJobseekers = minJobseekers
            self.maxSourceTension = maxSourceTension
            self.minTargetTension = minTargetTension
        }
    }

    /// Passerelles `FROM>TO` along ROME mobility links only, from métiers with many jobseekers and
    /// little tension to métiers in tension, valued by the Jaccard index of their competence sets,
    /// each with the labels of the target's competences the source lacks (cœur de métier first).
    public static func passerelles(jobseekers: Table, tension: Table, thresholds: Thresholds,
                                   _ referential: SkillsReferential) -> Table {
        func known(_ value: Value?) -> Double? {
            guard let value, value.status != .noValue, value.maskedCells == 0 else { return nil }
            return value.number
        }
        var entries: [Table.Entry] = []
        for source in jobseekers.entries {
            guard let count = known(source.value), count >= thresholds.minJobseekers,
                  let low = known(tension[source.key]), low <= thresholds.maxSourceTension else { continue }
            let from = competenceSet(source.key, referential)
            for target in referential.mobility[source.key] ?? [] {
                guard let high = known(tension[target]), high >= thresholds.minTargetTension else { continue }
                let to = referential.competences[target] ?? []
                guard !from.isEmpty, !to.isEmpty else { continue }
                var value = Value.exact(jaccard(from, Set(to.map(\.code))), sources: referential.romeSources)
                value.sources.formUnion(source.value.sources)
                value.sources.formUnion(tension[target]?.sources ?? [])
                let missing = to.filter { !from.contains($0.code) }
                    .sorted { ($0.isCore ? 0 : 1, $0.code) < ($1.isCore ? 0 : 1, $1.code) }
                    .map { (referential.competenceLabels[$0.code] ?? $0.code) + ($0.isCore ? " (cœur de métier)" : "") }
                entries.append(.init(key: "\(source.key)>\(target)", value: value, details: missing))
            }
        }
        return Table(dimension: "passerelle", entries: entries.sorted { $0.key < $1.key })
    }

    /// Per ROME code of the table, the training offers placed in the territory (or, with
    /// `certifications`, the active certifications) that lead to it; 0 when none.
    public static func training(_ table: Table, _ supply: TrainingSupply, certifications: Bool) -> Table {
        let counts = certifications ? supply.certifications : supply.offers
        let sources = certifications ? supply.certificationSources : supply.offerSources
        return Table(dimension: table.dimension, entries: table.entries.map { entry in
            let value = Value.exact(Double(counts[entry.key] ?? 0), sources: sources)
            return .init(key: entry.key, value: value)
        })
    }
}
